import { describe, expect, it } from 'vitest';
import type { RoomEvent, WelcomeReply } from '../../../src/protocol';
import { memoryArena, type TestPlayer } from '../../support/memory-arena';

const events = (player: TestPlayer): RoomEvent[] =>
  player.inbox().filter((m): m is RoomEvent => 'seq' in m && m.type !== 'welcome' && m.type !== 'snapshot');

const seqsAfterWelcome = (player: TestPlayer): number[] => {
  const welcome = player.last('welcome');
  return events(player)
    .map((e) => e.seq)
    .filter((seq) => seq > welcome.seq);
};

/** Two players and a spectator in room r1; returns them after everyone joined. */
const setUp = async () => {
  const arena = memoryArena();
  const a = await arena.connect('a');
  const b = await arena.connect('b');
  const s = await arena.connect('s');
  await a.send({ action: 'join', room: 'r1', name: 'Ada', id: 'j1' });
  await b.send({ action: 'join', room: 'r1', name: 'Bob', id: 'j2' });
  await s.send({ action: 'join', room: 'r1', name: 'Sam', id: 'j3' });
  return { arena, a, b, s };
};

describe('a game through the handlers', () => {
  it('seats the first two joiners, makes the third a spectator, and starts the game; a spectator is no event', async () => {
    const { a, b, s } = await setUp();

    expect(a.last('welcome')).toMatchObject({ re: 'j1', room: 'r1', you: { seat: 0 }, seq: 1, state: { status: 'waiting' } });
    expect(b.last('welcome')).toMatchObject({ re: 'j2', you: { seat: 1 }, seq: 2, state: { status: 'playing', turn: 0, toMove: [0] } });
    expect(s.last('welcome')).toMatchObject({ re: 'j3', you: { seat: null }, seq: 2, state: { spectators: 1 } });
    expect(s.last('welcome').you.token).toMatch(/^watch-/);
    expect(a.last('welcome').you.token).toMatch(/^token-/);
    expect(events(a).map((e) => [e.type, e.seq])).toEqual([['joined', 2]]);
  });

  it('plays to a win; every member sees every move in order, the mover gets it with `re`', async () => {
    const { a, b, s } = await setUp();

    for (let i = 0; i < 3; i++) {
      await a.send({ action: 'move', room: 'r1', column: 0, id: `a${i}` });
      await b.send({ action: 'move', room: 'r1', column: 1, id: `b${i}` });
    }
    await a.send({ action: 'move', room: 'r1', column: 0, id: 'win' });

    const final = a.last('moved');
    expect(final).toMatchObject({ re: 'win', by: 0, column: 0, state: { status: 'won', winner: 0, turn: null } });
    expect(s.last('moved')).toMatchObject({ seq: final.seq, state: { status: 'won', winner: 0 } });
    expect(s.last('moved').re).toBeUndefined();
    for (const player of [a, b, s]) {
      const seqs = seqsAfterWelcome(player);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => player.last('welcome').seq + 1 + i));
      expect(seqs.at(-1)).toBe(final.seq);
    }
  });

  it('replies to ping with pong and its id', async () => {
    const arena = memoryArena();
    const a = await arena.connect('a');

    await a.send({ action: 'ping', id: 'p1' });

    expect(a.inbox()).toEqual([{ type: 'pong', re: 'p1' }]);
  });

  it('broadcasts chat with the sender name and seat, as text', async () => {
    const { a, s } = await setUp();

    await s.send({ action: 'chat', room: 'r1', text: '<img src=x onerror=alert(1)>', id: 'c1' });

    expect(a.last('chat')).toMatchObject({ playerId: s.last('welcome').you.playerId, name: 'Sam', seat: null, text: '<img src=x onerror=alert(1)>' });
    expect(s.last('chat').re).toBe('c1');
  });

  it('keeps a disconnected seat for its token; the reconnecting player reclaims it and continues', async () => {
    const { arena, a, b, s } = await setUp();
    await a.send({ action: 'move', room: 'r1', column: 3 });
    const token = a.last('welcome').you.token as string;

    await a.close();
    expect(b.last('presence')).toMatchObject({ seat: 0, online: false, state: { players: [{ seat: 0, online: false }, { seat: 1, online: true }] } });

    const a2 = await arena.connect('a2');
    await a2.send({ action: 'join', room: 'r1', name: 'Ada', token, id: 'back' });
    const welcome: WelcomeReply = a2.last('welcome');
    expect(welcome).toMatchObject({ re: 'back', you: { seat: 0, playerId: a.last('welcome').you.playerId }, state: { turn: 1 } });
    expect(welcome.you.token).not.toBe(token);
    expect(s.last('presence')).toMatchObject({ seat: 0, online: true });

    await b.send({ action: 'move', room: 'r1', column: 3 });
    await a2.send({ action: 'move', room: 'r1', column: 4, id: 'm' });
    expect(a2.last('moved')).toMatchObject({ re: 'm', by: 0, column: 4 });
  });

  it('answers sync with the missed events, or a snapshot when asked about a seq the room no longer holds', async () => {
    const { a, b } = await setUp();
    await a.send({ action: 'move', room: 'r1', column: 0 });
    await b.send({ action: 'move', room: 'r1', column: 0 });

    await b.send({ action: 'sync', room: 'r1', since: 1, id: 's1' });
    const reply = b.last('events');
    expect(reply.re).toBe('s1');
    expect(reply.events.map((e) => e.seq)).toEqual([2, 3, 4]);

    for (let i = 0; i < 120; i++) await a.send({ action: 'chat', room: 'r1', text: `line ${i}` });
    await b.send({ action: 'sync', room: 'r1', since: 2, id: 's2' });
    expect(b.last('snapshot')).toMatchObject({ re: 's2', room: 'r1', seq: 124, state: { status: 'playing' } });

    await b.send({ action: 'sync', room: 'r1', since: 124, id: 's3' });
    expect(b.last('events')).toEqual({ type: 'events', re: 's3', room: 'r1', events: [] });
  });

  it('starts a rematch when both seats ask, with the other seat moving first', async () => {
    const { a, b, s } = await setUp();
    for (let i = 0; i < 3; i++) {
      await a.send({ action: 'move', room: 'r1', column: 0 });
      await b.send({ action: 'move', room: 'r1', column: 1 });
    }
    await a.send({ action: 'move', room: 'r1', column: 0 });

    await b.send({ action: 'rematch', room: 'r1', id: 'r' });
    expect(s.last('rematch')).toMatchObject({ requested: [1], started: false });
    await a.send({ action: 'rematch', room: 'r1' });

    expect(s.last('rematch')).toMatchObject({ requested: [0, 1], started: true, state: { status: 'playing', round: 2, turn: 1, winner: null } });
    const board = s.last('rematch').state.board as (number | null)[][];
    expect(board.flat().every((cell) => cell === null)).toBe(true);
  });

  it('leaving frees the seat and forfeits a game in progress', async () => {
    const { a, b, s } = await setUp();

    await a.send({ action: 'leave', room: 'r1', id: 'bye' });

    expect(a.last('left')).toMatchObject({ re: 'bye', seat: 0 });
    expect(s.last('left')).toMatchObject({ seat: 0, state: { status: 'won', winner: 1, players: [{ seat: 1 }] } });
    await a.send({ action: 'chat', room: 'r1', text: 'still here?', id: 'x' });
    expect(a.last('error')).toMatchObject({ re: 'x', code: 'NOT_IN_ROOM' });
    expect(b.inbox().filter((m) => m.type === 'chat')).toHaveLength(0);
  });

  it('joining another room leaves the first', async () => {
    const { a, b } = await setUp();

    await a.send({ action: 'join', room: 'r2', name: 'Ada' });

    expect(b.last('left')).toMatchObject({ room: 'r1', seat: 0 });
    expect(a.last('welcome')).toMatchObject({ room: 'r2', you: { seat: 0 } });
    await a.send({ action: 'move', room: 'r1', column: 0, id: 'old' });
    expect(a.last('error')).toMatchObject({ re: 'old', code: 'NOT_IN_ROOM' });
  });

  it('counts spectators without telling anyone they came or went: the count rides on the next event', async () => {
    const { arena, a, b } = await setUp();
    const t = await arena.connect('t');
    const before = b.inbox().length;
    await t.send({ action: 'join', room: 'r1', name: 'Tia' });
    expect(t.last('welcome').state.spectators).toBe(2);
    expect(b.inbox().length).toBe(before);

    await t.close();
    expect(b.inbox().length).toBe(before);

    await a.send({ action: 'move', room: 'r1', column: 0 });
    expect(b.last('moved').state.spectators).toBe(1);
  });

  it('answers a spectator leaving directly, and tells nobody else', async () => {
    const { a, s } = await setUp();
    const before = a.inbox().length;

    await s.send({ action: 'leave', room: 'r1', id: 'bye' });

    expect(s.last('left')).toEqual({ type: 'left', re: 'bye', room: 'r1', playerId: s.last('welcome').you.playerId, seat: null });
    expect(a.inbox().length).toBe(before);
  });

  it('prunes a connection that answered 410, and marks its seat offline', async () => {
    const { arena, a, b, s } = await setUp();
    b.vanish();

    await a.send({ action: 'move', room: 'r1', column: 2 });

    expect(await arena.members.list('r1')).toEqual(['a', 's']);
    expect(await arena.connections.get('b')).toBeUndefined();
    expect(s.last('presence')).toMatchObject({ seat: 1, online: false });
    expect(arena.reports.some((report) => report.gone.includes('b'))).toBe(true);
  });
});

describe('seats and connections', () => {
  it('takes the displaced connection out of the room when a seat is reclaimed before its $disconnect arrives', async () => {
    const { arena, a, b, s } = await setUp();
    const token = a.last('welcome').you.token as string;

    // a's socket is dead but API Gateway has not run $disconnect yet; the player is back on a2.
    const a2 = await arena.connect('a2');
    const before = b.inbox().length;
    await a2.send({ action: 'join', room: 'r1', name: 'Ada', token });
    // Nothing changed for the room: the seat was online and still is.
    expect(b.inbox().length).toBe(before);
    expect(await arena.members.list('r1')).not.toContain('a');
    expect(a.last('evicted')).toEqual({ type: 'evicted', room: 'r1', seat: 0, reason: expect.stringMatching(/another connection/) });


    const beforeClose = b.inbox().length;
    await a.close();

    // The late $disconnect of the old socket changes nothing and says nothing.
    expect(b.inbox().length).toBe(beforeClose);
    expect(a.inbox().at(-1)?.type).toBe('evicted');
    expect((await arena.rooms.get('r1'))?.seats[0]?.connectionId).toBe('a2');
    expect(s.inbox().filter((m) => m.type === 'left')).toEqual([]);
  });

  it('refuses one connection playing both seats', async () => {
    const { a, b } = await setUp();

    await a.send({ action: 'join', room: 'r1', name: 'Ada', token: b.last('welcome').you.token, id: 'both' });

    expect(a.last('error')).toMatchObject({ re: 'both', code: 'BAD_REQUEST' });
  });

  it('strips control characters and lone surrogates from chat', async () => {
    const { a, b } = await setUp();

    await a.send({ action: 'chat', room: 'r1', text: 'gg\u0007\u202e \ud800wp' });

    expect(b.last('chat').text).toBe('gg wp');
  });
});
