import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../src/adapters/dynamodb/client';
import { DynamoRoomStore } from '../../src/adapters/dynamodb/rooms';
import { createGatewayClient } from '../../src/adapters/gateway/client';
import type { RoomEvent, ServerMessage } from '../../src/protocol';
import type { RoomStore } from '../../src/ports/rooms';
import { startTestDynamo, type TestDynamo } from '../support/dynamo';
import { dynamoArena } from '../support/dynamo-arena';
import { DynamoFaultProxy } from '../support/dynamo-fault-proxy';
import { FakeManagementApi, type Answer } from '../support/fake-management-api';

let db: TestDynamo;
beforeAll(async () => {
  db = await startTestDynamo();
});
afterAll(async () => await db.close());

const seatTwo = async (arena: ReturnType<typeof dynamoArena>, room: string, extra: string[] = []) => {
  for (const id of [`${room}-a`, `${room}-b`, ...extra]) await arena.connect(id);
  await arena.send(`${room}-a`, { action: 'join', room, name: 'Ada' });
  await arena.send(`${room}-b`, { action: 'join', room, name: 'Bob' });
  for (const id of extra) await arena.send(id, { action: 'join', room, name: id.slice(0, 20) });
};

describe('when the management API fails for some connections', () => {
  const failing: Record<string, Answer> = {
    'f-500': { status: 500 },
    'f-429': { status: 429 },
    'f-hang': { hangUp: true },
    'f-slow': { status: 200, delayMs: 5000 },
  };
  let failuresOn = false;
  const api = new FakeManagementApi({ answer: (id) => (failuresOn ? failing[id] : undefined) ?? { status: 200 } });
  let gateway: ReturnType<typeof createGatewayClient>;
  beforeAll(async () => {
    const endpoint = await api.start();
    gateway = createGatewayClient({ region: 'us-east-1', localCredentials: { accessKeyId: 'l', secretAccessKey: 'l' }, broadcastConcurrency: undefined }, endpoint, {
      connectionTimeoutMs: 1000,
      requestTimeoutMs: 800,
    });
  });
  afterAll(async () => {
    gateway.destroy();
    await api.stop();
  });

  it('delivers to the rest, reports each failure, and still answers the sender', async () => {
    const arena = dynamoArena(db, {}, { gateway });
    await seatTwo(arena, 'faulty', ['ok-1', 'ok-2', ...Object.keys(failing)]);
    api.reset();
    failuresOn = true;
    const reportsBefore = arena.reports.length;

    const result = await arena.send('faulty-a', { action: 'move', room: 'faulty', column: 3, id: 'mv' });

    expect(result).toEqual({ statusCode: 200 });
    const reply = api.received('faulty-a').find((m) => m.re === 'mv');
    expect(reply).toMatchObject({ type: 'moved', by: 0, column: 3 });
    for (const id of ['faulty-b', 'ok-1', 'ok-2']) expect(api.received(id).map((m) => m.type)).toEqual(['moved']);
    const failed = arena.reports.slice(reportsBefore).flatMap((r) => r.failed);
    expect(failed.map((f) => f.connectionId).sort()).toEqual(Object.keys(failing).sort());
    expect(failed.find((f) => f.connectionId === 'f-500')?.error).toContain('HTTP 500');
    expect(failed.find((f) => f.connectionId === 'f-429')?.error).toContain('HTTP 429');
    expect(failed.find((f) => f.connectionId === 'f-slow')?.error).toMatch(/timeout|timed out/i);
    // failed is not gone: nobody is pruned for a bad moment
    expect((await db.members.list('faulty')).sort()).toEqual(['faulty-a', 'faulty-b', 'ok-1', 'ok-2', ...Object.keys(failing)].sort());
  }, 30_000);
});

describe('when DynamoDB throttles writes', () => {
  let proxy: DynamoFaultProxy;
  let throttledRooms: DynamoRoomStore;
  beforeAll(async () => {
    proxy = new DynamoFaultProxy(db.endpoint);
    const endpoint = await proxy.start();
    const client = createDocumentClient({ region: 'us-east-1', dynamodbEndpoint: endpoint, localCredentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
    throttledRooms = new DynamoRoomStore(client, db.tableName, 3600);
  });
  afterAll(async () => await proxy.stop());

  it('retries a throttled write and applies the move', async () => {
    const arena = dynamoArena(db, {}, { stores: { rooms: throttledRooms } });
    await seatTwo(arena, 'retry');
    let left = 2;
    proxy.throttled = 0;
    proxy.throttle = (operation) => operation === 'UpdateItem' && left-- > 0;

    await arena.send('retry-a', { action: 'move', room: 'retry', column: 0, id: 'm' });

    expect(proxy.throttled).toBe(2);
    expect(arena.gateway.received<ServerMessage>('retry-a').at(-1)).toMatchObject({ type: 'moved', re: 'm' });
    expect(((await db.rooms.get('retry'))?.state as { turn: number }).turn).toBe(1);
  });

  it('answers INTERNAL and changes nothing when throttling outlasts the retries', async () => {
    const arena = dynamoArena(db, {}, { stores: { rooms: throttledRooms } });
    await seatTwo(arena, 'giveup');
    const before = await db.rooms.get('giveup');
    const bobBefore = arena.gateway.received('giveup-b').length;
    proxy.throttle = (operation) => operation === 'UpdateItem';

    await arena.send('giveup-a', { action: 'move', room: 'giveup', column: 0, id: 'm' });
    proxy.throttle = () => false;

    expect(arena.gateway.received<ServerMessage>('giveup-a').at(-1)).toEqual({ type: 'error', re: 'm', code: 'INTERNAL', message: 'internal error; the request was not applied' });
    expect(await db.rooms.get('giveup')).toEqual(before);
    expect(arena.gateway.received('giveup-b')).toHaveLength(bobBefore);
  });
});

describe('when a Lambda dies between the state write and the broadcast', () => {
  it('loses no game event: it was written with the state, so sync replays it', async () => {
    let crashAfterWrite = false;
    const crashing: RoomStore = {
      get: async (room) => await db.rooms.get(room),
      getWithMembers: async (room) => await db.rooms.getWithMembers(room),
      allocate: async (room, count) => await db.rooms.allocate(room, count),
      watch: async (room, delta, max) => await db.rooms.watch(room, delta, max),
      write: async (record, expected, options) => {
        const written = await db.rooms.write(record, expected, options);
        if (written !== undefined && crashAfterWrite) {
          crashAfterWrite = false;
          throw new Error('Runtime exited with error: signal: killed');
        }
        return written;
      },
    };
    const arena = dynamoArena(db, {}, { stores: { rooms: crashing } });
    await seatTwo(arena, 'crash', ['crash-s']);
    const lastSeen = Math.max(...arena.gateway.received<ServerMessage>('crash-s').map((m) => ('seq' in m ? m.seq : 0)));

    crashAfterWrite = true;
    await arena.send('crash-a', { action: 'move', room: 'crash', column: 2 });
    // nobody heard about the move...
    expect(arena.gateway.received<RoomEvent>('crash-s').filter((m) => m.type === 'moved')).toEqual([]);
    // ...but it happened: Bob may play, and the spectator sees a gap (lastSeen + 2) and asks.
    await arena.send('crash-b', { action: 'move', room: 'crash', column: 2 });
    expect(arena.gateway.received<RoomEvent>('crash-s').at(-1)).toMatchObject({ type: 'moved', seq: lastSeen + 2, by: 1 });
    await arena.send('crash-s', { action: 'sync', room: 'crash', since: lastSeen, id: 'sync' });

    const answer = arena.gateway.received<ServerMessage>('crash-s').at(-1) as { type: string; events: RoomEvent[] };
    expect(answer.type).toBe('events');
    expect(answer.events.map((e) => [e.type, e.seq])).toEqual([
      ['moved', lastSeen + 1],
      ['moved', lastSeen + 2],
    ]);
    expect(answer.events[0]).toMatchObject({ by: 0, column: 2 });
  });
});
