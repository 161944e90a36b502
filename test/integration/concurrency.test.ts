import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberKey } from '../../src/adapters/dynamodb/keys';
import type { RoomEvent, ServerMessage } from '../../src/protocol';
import { startTestDynamo, type TestDynamo } from '../support/dynamo';
import { dynamoArena } from '../support/dynamo-arena';
import { probeServer } from '../support/io-probe';

let db: TestDynamo;
let queries: () => number;
beforeAll(async () => {
  db = await startTestDynamo({ memberPageSize: 1000 });
  const probe = probeServer(db.server);
  queries = () => probe.filter((r) => r.what.endsWith('.Query')).length;
});
afterAll(async () => await db.close());

const roomEvents = (messages: ServerMessage[], room: string): RoomEvent[] =>
  messages.filter((m): m is RoomEvent => 'seq' in m && 'room' in m && m.room === room && m.type !== 'welcome' && m.type !== 'snapshot');

const startGame = async (arena: ReturnType<typeof dynamoArena>, room: string) => {
  for (const id of [`${room}-a`, `${room}-b`, `${room}-s`]) await arena.connect(id);
  await arena.send(`${room}-a`, { action: 'join', room, name: 'Ada' });
  await arena.send(`${room}-b`, { action: 'join', room, name: 'Bob' });
  await arena.send(`${room}-s`, { action: 'join', room, name: 'Sam' });
};

describe('concurrent invocations on one room (embedded DynamoDB)', () => {
  it('applies exactly one of 50 concurrent moves for the same turn, with contiguous seq', async () => {
    const arena = dynamoArena(db);
    await startGame(arena, 'race');
    const before = (await db.rooms.get('race'))!.seq;

    await Promise.all(Array.from({ length: 50 }, (_, i) => arena.send('race-a', { action: 'move', room: 'race', column: i % 7, id: `m${i}` })));

    const room = (await db.rooms.get('race'))!;
    expect(room.seq).toBe(before + 1);
    expect((room.state as { board: unknown[][] }).board.flat().filter((c) => c !== null)).toHaveLength(1);
    const spectatorSaw = roomEvents(arena.gateway.received('race-s'), 'race').filter((e) => e.type === 'moved');
    expect(spectatorSaw).toHaveLength(1);
    const replies = arena.gateway.received<ServerMessage>('race-a').filter((m) => 're' in m && typeof m.re === 'string' && m.re.startsWith('m'));
    expect(replies).toHaveLength(50);
    expect(replies.filter((m) => m.type === 'moved')).toHaveLength(1);
    expect(new Set(replies.filter((m) => m.type === 'error').map((m) => (m as { code: string }).code))).toEqual(new Set(['NOT_YOUR_TURN']));
  });

  it('applies at most one move per turn when both seats fire at once: moves strictly alternate', async () => {
    const arena = dynamoArena(db);
    await startGame(arena, 'duel');

    await Promise.all([
      ...Array.from({ length: 10 }, () => arena.send('duel-a', { action: 'move', room: 'duel', column: 0 })),
      ...Array.from({ length: 10 }, () => arena.send('duel-b', { action: 'move', room: 'duel', column: 1 })),
    ]);

    const moved = roomEvents(arena.gateway.received('duel-s'), 'duel')
      .filter((e) => e.type === 'moved')
      .sort((x, y) => x.seq - y.seq);
    const by = moved.map((e) => (e as { by: number }).by);
    expect(by.length).toBeGreaterThan(0);
    expect(by).toEqual(by.map((_, i) => i % 2));
    const room = (await db.rooms.get('duel'))!;
    expect((room.state as { board: unknown[][] }).board.flat().filter((c) => c !== null)).toHaveLength(moved.length);
  });

  it('numbers 20 concurrent chats 1..20 after the last event, no gap, no duplicate', async () => {
    const arena = dynamoArena(db);
    await startGame(arena, 'talk');
    const before = (await db.rooms.get('talk'))!.seq;

    await Promise.all(Array.from({ length: 20 }, (_, i) => arena.send(i % 2 ? 'talk-a' : 'talk-b', { action: 'chat', room: 'talk', text: `line ${i}` })));

    const seen = roomEvents(arena.gateway.received('talk-s'), 'talk').filter((e) => e.type === 'chat');
    expect(seen.map((e) => e.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => before + 1 + i));
    expect(new Set(seen.map((e) => (e as { text: string }).text)).size).toBe(20);
    expect((await db.rooms.get('talk'))!.seq).toBe(before + 20);
  });

  it('broadcasts to every member of a 10,000-member room, across query pages', async () => {
    const arena = dynamoArena(db);
    await startGame(arena, 'huge');
    const extra = Array.from({ length: 10_000 - 3 }, (_, i) => `huge-m${i}`);
    for (let i = 0; i < extra.length; i += 25) {
      const chunk = extra.slice(i, i + 25);
      await db.client.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: chunk.map((id) => ({ PutRequest: { Item: { ...memberKey('huge', id) } } })) } }));
    }
    extra.forEach((id) => arena.gateway.connect(id));
    const queriesBefore = queries();

    await arena.send('huge-a', { action: 'chat', room: 'huge', text: 'hello, everyone' });

    expect(queries() - queriesBefore).toBeGreaterThanOrEqual(10);
    const reached = ['huge-b', 'huge-s', ...extra].filter((id) => arena.gateway.received(id).some((m) => (m as { type: string }).type === 'chat'));
    expect(reached).toHaveLength(10_000 - 1);
    expect(arena.gateway.received('huge-a').at(-1)).toMatchObject({ type: 'chat', text: 'hello, everyone' });
  });
});
