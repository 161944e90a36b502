import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatEvent, MovedEvent, RoomEvent, ServerMessage, WelcomeReply } from '../../src/protocol';
import { startTestDynamo, type TestDynamo } from '../support/dynamo';
import { dynamoArena } from '../support/dynamo-arena';

/**
 * A request's `id` is its idempotency key for its player: a request sent as
 * the socket dies, resent after the reconnect, is applied exactly once and
 * answered with its original outcome; so are duplicates racing from two
 * sockets of one player. On both DynamoDB engines (this suite runs on each).
 */
let db: TestDynamo;
beforeAll(async () => {
  db = await startTestDynamo();
});
afterAll(async () => await db.close());

type Arena = ReturnType<typeof dynamoArena>;
const inbox = (arena: Arena, id: string) => arena.gateway.received<ServerMessage>(id);
const lastOf = <T extends ServerMessage['type']>(arena: Arena, id: string, type: T) =>
  inbox(arena, id).findLast((m) => m.type === type) as Extract<ServerMessage, { type: T }> | undefined;
const roomEvents = (arena: Arena, id: string, type: RoomEvent['type']) => inbox(arena, id).filter((m): m is RoomEvent => m.type === type && 'seq' in m);
const discs = async (room: string) => ((await db.rooms.get(room))?.state as { board: (number | null)[][] }).board.flat().filter((cell) => cell !== null).length;

const seatTwo = async (arena: Arena, room: string) => {
  for (const id of [`${room}-a`, `${room}-b`]) await arena.connect(id);
  await arena.send(`${room}-a`, { action: 'join', room, name: 'Ada' });
  await arena.send(`${room}-b`, { action: 'join', room, name: 'Bob' });
  return (lastOf(arena, `${room}-a`, 'welcome') as WelcomeReply).you.token as string;
};

describe('exactly-once requests', () => {
  it('applies a move sent as the socket dies once: resent after the reconnect, it is answered with its original event', async () => {
    const arena = dynamoArena(db);
    const token = await seatTwo(arena, 'dying');
    // The socket is dead, API Gateway has not run $disconnect yet: the move arrives, its answer cannot.
    arena.gateway.disconnect('dying-a');
    await arena.send('dying-a', { action: 'move', room: 'dying', column: 3, id: 'm1' });
    const original = lastOf(arena, 'dying-b', 'moved') as MovedEvent;
    expect(original).toMatchObject({ by: 0, column: 3 });
    const seqAfter = (await db.rooms.get('dying'))!.seq;

    await arena.connect('dying-a2');
    await arena.send('dying-a2', { action: 'join', room: 'dying', name: 'Ada', token });
    await arena.send('dying-a2', { action: 'move', room: 'dying', column: 3, id: 'm1' });

    expect(lastOf(arena, 'dying-a2', 'moved')).toEqual({ ...original, re: 'm1' });
    expect(await discs('dying')).toBe(1);
    expect((await db.rooms.get('dying'))!.seq).toBe(seqAfter + 1); // only the presence of the reconnect
    expect(roomEvents(arena, 'dying-b', 'moved')).toHaveLength(1);
  });

  it('applies a move that never arrived when it is resent, once', async () => {
    const arena = dynamoArena(db);
    await seatTwo(arena, 'lost');

    await arena.send('lost-a', { action: 'move', room: 'lost', column: 2, id: 'm1' });
    await arena.send('lost-a', { action: 'move', room: 'lost', column: 2, id: 'm1' });

    expect(roomEvents(arena, 'lost-b', 'moved')).toHaveLength(1);
    const answers = inbox(arena, 'lost-a').filter((m) => 're' in m && m.re === 'm1');
    expect(answers.map((m) => [m.type, (m as MovedEvent).seq])).toEqual([
      ['moved', (answers[0] as MovedEvent).seq],
      ['moved', (answers[0] as MovedEvent).seq],
    ]);
  });

  it('applies a chat line once when two sockets of the same spectator send it at the same moment', async () => {
    const arena = dynamoArena(db);
    await seatTwo(arena, 'twin');
    await arena.connect('twin-s1');
    await arena.send('twin-s1', { action: 'join', room: 'twin', name: 'Sam' });
    const spectator = lastOf(arena, 'twin-s1', 'welcome') as WelcomeReply;
    await arena.connect('twin-s2');
    await arena.send('twin-s2', { action: 'join', room: 'twin', name: 'Sam', token: spectator.you.token });
    expect((lastOf(arena, 'twin-s2', 'welcome') as WelcomeReply).you.playerId).toBe(spectator.you.playerId);

    await Promise.all(['twin-s1', 'twin-s2'].map(async (id) => await arena.send(id, { action: 'chat', room: 'twin', text: 'hello', id: 'c1' })));

    expect(roomEvents(arena, 'twin-b', 'chat')).toHaveLength(1);
    const seqs = ['twin-s1', 'twin-s2'].map((id) => (inbox(arena, id).findLast((m) => m.type === 'chat' && m.re === 'c1') as ChatEvent | undefined)?.seq);
    expect(seqs[0]).toBeDefined();
    expect(seqs[1]).toBe(seqs[0]);
  });

  it('applies a move once when the old and the new socket of one player send it at the same moment', async () => {
    const arena = dynamoArena(db);
    const token = await seatTwo(arena, 'race');
    await arena.connect('race-a2');

    await Promise.all([
      arena.send('race-a2', { action: 'join', room: 'race', name: 'Ada', token }).then(async () => await arena.send('race-a2', { action: 'move', room: 'race', column: 4, id: 'm' })),
      arena.send('race-a', { action: 'move', room: 'race', column: 4, id: 'm' }),
    ]);

    expect(await discs('race')).toBe(1);
    expect(roomEvents(arena, 'race-b', 'moved')).toHaveLength(1);
    expect(lastOf(arena, 'race-a2', 'moved')).toMatchObject({ re: 'm', by: 0, column: 4 });
  });

  it('refuses an id reused for a different request with ID_REUSED, applying nothing', async () => {
    const arena = dynamoArena(db);
    await seatTwo(arena, 'reuse');
    await arena.send('reuse-a', { action: 'move', room: 'reuse', column: 0, id: 'x' });
    await arena.send('reuse-b', { action: 'chat', room: 'reuse', text: 'first', id: 'y' });
    const before = await db.rooms.get('reuse');

    await arena.send('reuse-b', { action: 'move', room: 'reuse', column: 1, id: 'x' }); // another player's id: fine
    await arena.send('reuse-a', { action: 'move', room: 'reuse', column: 5, id: 'x' });
    await arena.send('reuse-b', { action: 'chat', room: 'reuse', text: 'second', id: 'y' });

    expect(lastOf(arena, 'reuse-a', 'error')).toMatchObject({ re: 'x', code: 'ID_REUSED' });
    expect(lastOf(arena, 'reuse-b', 'error')).toMatchObject({ re: 'y', code: 'ID_REUSED' });
    expect(roomEvents(arena, 'reuse-a', 'chat').map((e) => (e as ChatEvent).text)).toEqual(['first']);
    expect((await db.rooms.get('reuse'))!.seq).toBe(before!.seq + 1);
  });
});
