import { afterAll, describe, expect, inject, it } from 'vitest';
import type { MovedEvent, RoomEvent, WelcomeReply } from '../../src/protocol';
import { WsPlayer } from '../../scripts/local/ws-player';

const url = inject('websocketUrl');
const players: WsPlayer[] = [];
afterAll(async () => await Promise.all(players.map(async (p) => await p.close())));

const connect = async (name: string) => {
  const player = await WsPlayer.connect(url, name);
  players.push(player);
  return player;
};

/** Every event after the welcome, exactly once each, numbered without a gap up to `lastSeq`. */
const expectContiguous = (player: WsPlayer, welcome: WelcomeReply, room: string, lastSeq: number) => {
  const seqs = player.events(room).map((e) => e.seq).filter((seq) => seq > welcome.seq);
  expect(seqs, player.name).toEqual(Array.from({ length: lastSeq - welcome.seq }, (_, i) => welcome.seq + 1 + i));
};

describe('Connect Four through serverless offline', () => {
  it('two players and three spectators: a game to a win, every client sees every event in order', async () => {
    const room = 'e2e-full-game';
    const [ada, bob, s1, s2, s3] = await Promise.all(['Ada', 'Bob', 'S1', 'S2', 'S3'].map(connect));
    const welcomes = new Map<WsPlayer, WelcomeReply>();
    for (const player of [ada!, bob!, s1!, s2!, s3!]) welcomes.set(player, await player.join(room));
    expect(welcomes.get(ada!)!.you.seat).toBe(0);
    expect(welcomes.get(bob!)!.you.seat).toBe(1);
    expect([s1!, s2!, s3!].map((s) => welcomes.get(s)!.you.seat)).toEqual([null, null, null]);

    // The third joiner is a spectator and cannot move.
    expect(await s1!.request({ action: 'move', room, column: 0 })).toMatchObject({ type: 'error', code: 'NOT_YOUR_TURN' });

    // Ada stacks column 3 for a vertical win; Bob answers in column 4.
    let last: MovedEvent | undefined;
    for (const [player, column] of [[ada, 3], [bob, 4], [ada, 3], [bob, 4], [ada, 3], [bob, 4], [ada, 3]] as const) {
      last = await player!.request<MovedEvent>({ action: 'move', room, column });
      expect(last.type).toBe('moved');
    }
    expect(last!.state).toMatchObject({ status: 'won', winner: 0, spectators: 3 });

    for (const player of [ada!, bob!, s1!, s2!, s3!]) {
      await player.waitFor((m) => m.type === 'moved' && m.seq === last!.seq);
      expectContiguous(player, welcomes.get(player)!, room, last!.seq);
      const moves = player.events(room).filter((e): e is MovedEvent => e.type === 'moved');
      expect(moves.map((m) => m.column)).toEqual([3, 4, 3, 4, 3, 4, 3]);
    }
    expect(await bob!.request({ action: 'move', room, column: 0 })).toMatchObject({ type: 'error', code: 'GAME_OVER' });
  });

  it('a player whose socket dies mid-game reconnects with its token, reclaims the seat, syncs and finishes', async () => {
    const room = 'e2e-reconnect';
    const [ada, bob, spectator] = await Promise.all(['Ada', 'Bob', 'Spec'].map(connect));
    const adaWelcome = await ada!.join(room);
    await bob!.join(room);
    const specWelcome = await spectator!.join(room);
    await ada!.request({ action: 'move', room, column: 0 });
    await bob!.request({ action: 'move', room, column: 6 });
    const lastSeenByAda = Math.max(...ada!.events(room).map((e) => e.seq));

    ada!.kill();
    const offline = await bob!.waitFor((m) => m.type === 'presence' && !m.online);
    expect(offline).toMatchObject({ seat: 0, online: false });
    // While Ada is away the room moves on.
    await bob!.request({ action: 'chat', room, text: 'where did you go?' });

    const ada2 = await connect('Ada');
    const back = await ada2.join(room, adaWelcome.you.token);
    expect(back.you).toMatchObject({ seat: 0, playerId: adaWelcome.you.playerId });
    expect(back.you.token).toBeDefined();
    expect(back.you.token).not.toBe(adaWelcome.you.token);
    expect(await bob!.waitFor((m) => m.type === 'presence' && m.online)).toMatchObject({ seat: 0 });

    const missed = await ada2.request({ action: 'sync', room, since: lastSeenByAda });
    expect(missed.type).toBe('events');
    const missedEvents = (missed as { events: RoomEvent[] }).events;
    expect(missedEvents.map((e) => e.seq)).toEqual(Array.from({ length: back.seq - lastSeenByAda }, (_, i) => lastSeenByAda + 1 + i));
    expect(missedEvents.map((e) => e.type)).toEqual(['presence', 'chat', 'presence']);

    // Using the new token once retires the old one (until then, a welcome lost on the way could not cost the seat).
    const confirmed = await ada2.join(room, back.you.token);
    expect(confirmed.you).toMatchObject({ seat: 0, playerId: adaWelcome.you.playerId });
    const stranger = await connect('Eve');
    expect(await stranger.request({ action: 'join', room, name: 'Eve', token: adaWelcome.you.token })).toMatchObject({ type: 'error', code: 'BAD_REQUEST' });

    let final: MovedEvent | undefined;
    for (const [player, column] of [[ada2, 0], [bob, 6], [ada2, 0], [bob, 6], [ada2, 0]] as const) {
      final = await player!.request<MovedEvent>({ action: 'move', room, column });
      expect(final.type).toBe('moved');
    }
    expect(final!.state).toMatchObject({ status: 'won', winner: 0 });
    await spectator!.waitFor((m) => m.type === 'moved' && m.seq === final!.seq);
    expectContiguous(spectator!, specWelcome, room, final!.seq);
  });
});
