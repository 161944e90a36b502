import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRoom } from '../../../src/rooms/new-room';
import type { RoomRecord, StoredEvent } from '../../../src/rooms/record';
import { readTableDefinition } from '../../../scripts/local/table-definition';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo';

let db: TestDynamo;
beforeAll(async () => {
  db = await startTestDynamo({ memberPageSize: 7 });
});
afterAll(async () => await db.close());

const room = (name: string, now = 1_000_000): RoomRecord => newRoom(name, { game: 'connect4', visibility: 'private', clock: null, reconnectSeconds: 60 }, now);
const chatEvent = (seq: number, text = `line ${seq}`): StoredEvent => ({ seq, type: 'chat', at: 1_000_000, fields: { playerId: 'p', name: 'n', seat: null, text } });

describe('the local table', () => {
  it('is created from the serverless.yml resource: keys and billing mode', async () => {
    const definition = await readTableDefinition();

    expect(definition.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(definition.BillingMode).toBe('PAY_PER_REQUEST');
    expect(definition.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(definition.tableNameFor('local')).toBe('serverless-arena-local');
  });
});

describe('DynamoConnectionStore', () => {
  it('enters, settles, exits and deletes connections', async () => {
    await db.connections.add({ connectionId: 'c1', connectedAt: 1000 });

    expect(await db.connections.enter('c1', 'r', undefined, 5)).toBe(true);
    expect(await db.connections.settle('c1', { room: 'r', playerId: 'p', name: 'Ada', seat: 0 })).toBe(true);
    expect(await db.connections.get('c1')).toEqual({ connectionId: 'c1', connectedAt: 1000, claim: 'r', room: 'r', playerId: 'p', name: 'Ada', seat: 0, joinTat: 5 });
    expect(await db.connections.exit('c1', 'r')).toBe(true);
    expect(await db.connections.get('c1')).toEqual({ connectionId: 'c1', connectedAt: 1000, joinTat: 5 });

    await db.connections.remove(['c1']);
    expect(await db.connections.get('c1')).toBeUndefined();
  });

  it('lets exactly one of many concurrent joins from one connection claim it', async () => {
    await db.connections.add({ connectionId: 'squat', connectedAt: 1 });

    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => db.connections.enter('squat', `room${i}`, undefined, 1)));

    expect(claims.filter(Boolean)).toHaveLength(1);
    const won = `room${claims.indexOf(true)}`;
    expect((await db.connections.get('squat'))?.claim).toBe(won);
  });

  it('gives a refused claim back to the room the connection was in', async () => {
    await db.connections.add({ connectionId: 'back', connectedAt: 1 });
    await db.connections.enter('back', 'a', undefined, 1);
    await db.connections.settle('back', { room: 'a', playerId: 'p', name: 'n', seat: null });

    expect(await db.connections.enter('back', 'b', 'a', 2)).toBe(true);
    await db.connections.release('back', 'b', 'a');

    expect(await db.connections.get('back')).toMatchObject({ claim: 'a', room: 'a' });
  });

  it('does not bring a deleted connection back when it joins late', async () => {
    expect(await db.connections.enter('ghost', 'r', undefined, 1)).toBe(false);
    expect(await db.connections.settle('ghost', { room: 'r', playerId: 'p', name: 'x', seat: null })).toBe(false);
    expect(await db.connections.get('ghost')).toBeUndefined();
  });

  it('deletes more connections than one BatchWriteItem takes', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `bulk${i}`);
    await Promise.all(ids.map((connectionId) => db.connections.add({ connectionId, connectedAt: 1 })));

    await db.connections.remove(ids);

    const left = await Promise.all(ids.map((id) => db.connections.get(id)));
    expect(left.filter(Boolean)).toHaveLength(0);
  });

  it('admits up to the capacity of a window, refuses the next with the time to its end, admits again in the next window', async () => {
    await db.connections.add({ connectionId: 'rl', connectedAt: 0 });
    const limit = { capacity: 3, refillPerSecond: 1 };

    const first = await Promise.all([0, 1, 2].map(() => db.connections.admit('rl', limit, 10_000)));
    const fourth = await db.connections.admit('rl', limit, 10_500);
    const later = await db.connections.admit('rl', limit, 12_000);

    expect(first.every((a) => a.admitted)).toBe(true);
    expect(fourth).toEqual({ admitted: false, retryAfterMs: 1500 });
    expect(later.admitted).toBe(true);
  });

  it('never admits more than the capacity under concurrent charges', async () => {
    await db.connections.add({ connectionId: 'race', connectedAt: 0 });
    const limit = { capacity: 5, refillPerSecond: 0.0001 };

    const results = await Promise.all(Array.from({ length: 12 }, () => db.connections.admit('race', limit, 5000)));

    expect(results.filter((r) => r.admitted)).toHaveLength(5);
  });

  it('keeps the item small: only the current window and the one before are counted', async () => {
    await db.connections.add({ connectionId: 'windows', connectedAt: 0 });
    const limit = { capacity: 2, refillPerSecond: 2 };

    for (let second = 0; second < 20; second++) await db.connections.admit('windows', limit, second * 1000);

    const { Item } = await db.client.send(new GetCommand({ TableName: db.tableName, Key: { pk: 'CONN#windows', sk: 'CONN' } }));
    expect(Object.keys(Item ?? {}).filter((name) => /^m\d+$/.test(name))).toHaveLength(1);
  });

  it('reports an unknown connection, and one whose token expired', async () => {
    expect(await db.connections.admit('nobody', { capacity: 1, refillPerSecond: 1 }, 0)).toEqual({ admitted: false, reason: 'unknown' });
    await db.connections.add({ connectionId: 'expiring', connectedAt: 0, authExpiresAt: 5000 });
    expect((await db.connections.admit('expiring', { capacity: 9, refillPerSecond: 1 }, 4999)).admitted).toBe(true);
    expect(await db.connections.admit('expiring', { capacity: 9, refillPerSecond: 1 }, 5000)).toEqual({ admitted: false, reason: 'expired' });
  });
});

describe('DynamoAddressStore', () => {
  it('counts open connections per address up to the cap, and takes closed ones back', async () => {
    const opened = await Promise.all(Array.from({ length: 5 }, () => db.addresses.open('203.0.113.9', 3, 0)));

    expect(opened.filter(Boolean)).toHaveLength(3);
    await db.addresses.close('203.0.113.9');
    expect(await db.addresses.open('203.0.113.9', 3, 0)).toBe(true);
    expect(await db.addresses.open('203.0.113.9', 3, 0)).toBe(false);
  });
});

describe('DynamoMemberStore', () => {
  it('lists every member across many query pages', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `m${String(i).padStart(2, '0')}`);
    await Promise.all(ids.map((id) => db.members.add('big', id, true)));

    const listed = await db.members.list('big');

    expect(listed.sort()).toEqual(ids);
  });

  it('tells what a removal removed, so exactly one remover accounts a departure', async () => {
    await db.members.add('r', 'x', true);
    await db.members.add('r', 'y', false);

    expect(await db.members.remove('r', 'x')).toEqual({ connectionId: 'x', watching: true });
    expect(await db.members.remove('r', 'x')).toBeUndefined();
    expect(await db.members.removeMany('r', ['x', 'y', 'z'])).toEqual([{ connectionId: 'y', watching: false }]);
  });

  it('keeps rooms apart', async () => {
    await db.members.add('left-room', 'a', true);
    await db.members.add('right-room', 'b', true);

    expect(await db.members.list('left-room')).toEqual(['a']);
    await db.members.removeMany('left-room', ['a', 'b']);
    expect(await db.members.list('left-room')).toEqual([]);
    expect(await db.members.list('right-room')).toEqual(['b']);
  });
});

describe('DynamoRoomStore', () => {
  it('creates a room only once and writes the game only on the expected version, numbering its events', async () => {
    const record = room('cas');

    expect(await db.rooms.write(record, undefined, { events: 1 })).toMatchObject({ seq: 1, version: 1 });
    expect(await db.rooms.write(record, undefined, { events: 1 })).toBeUndefined();
    expect(await db.rooms.write(record, 1, { events: 2 })).toMatchObject({ seq: 3, version: 2 });
    expect(await db.rooms.write(record, 1, { events: 1 })).toBeUndefined();
    expect(await db.rooms.get('cas')).toMatchObject({ seq: 3, version: 2 });
  });

  it('numbers chat lines with an atomic increment that never fails a game write, and never the other way round', async () => {
    await db.rooms.write(room('chatty'), undefined, { events: 0 });

    const [lines, game] = await Promise.all([
      Promise.all(Array.from({ length: 20 }, async () => (await db.rooms.allocate('chatty', 1))?.seq)),
      db.rooms.write(room('chatty'), 1, { events: 1 }),
    ]);

    expect(game).toBeDefined();
    const all = [...(lines as number[]), game?.seq as number].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(await db.rooms.allocate('no-such-room', 1)).toBeUndefined();
  });

  it('moves the member counts and epoch for spectators, refusing past the cap', async () => {
    await db.rooms.write(room('crowd'), undefined, { events: 0 });

    const joined = await Promise.all(Array.from({ length: 5 }, () => db.rooms.watch('crowd', 1, 3)));

    expect(joined.filter((result) => typeof result === 'object')).toHaveLength(3);
    expect(joined.filter((result) => result === 'full')).toHaveLength(2);
    expect(await db.rooms.watch('crowd', -2, 3)).toMatchObject({ members: 1, spectators: 1, epoch: 4 });
    expect(await db.rooms.watch('nowhere', 1, 3)).toBe('missing');
  });

  it('reads the room and its members in one go, and a game write moves the member counts it is given', async () => {
    await db.rooms.write(room('together'), undefined, { events: 1, members: { delta: 1, spectators: 0 } });
    await db.members.add('together', 'seated', false);
    await db.members.add('together', 'watching', true);
    await db.rooms.watch('together', 1, 10);

    const { record, members } = await db.rooms.getWithMembers('together');

    expect(record).toMatchObject({ room: 'together', members: 2, spectators: 1, epoch: 2 });
    expect(members).toEqual(expect.arrayContaining([{ connectionId: 'seated', watching: false }, { connectionId: 'watching', watching: true }]));
    expect(await db.rooms.write(record as RoomRecord, record?.version, { events: 0, members: { delta: 1, spectators: 0 }, maxMembers: 2 })).toBeUndefined();
  });

  it("numbers a game write's own events in that write, whatever chat lines took numbers since the read", async () => {
    const gameEvent = (v: number, o: number) => ({ seq: 0, v, o, type: 'moved' as const, at: 1, fields: { by: 0, move: { column: o } } });
    await db.rooms.write({ ...room('window'), window: [gameEvent(1, 0)] }, undefined, { events: 1 });
    const read = (await db.rooms.get('window'))!;
    expect(read.window.map((event) => event.seq)).toEqual([1]);
    await db.rooms.allocate('window', 1); // a chat line takes 2 between the read and the write
    await db.rooms.allocate('window', 1); // and 3

    await db.rooms.write({ ...read, window: [...read.window, gameEvent(2, 0), gameEvent(2, 1)] }, 1, { events: 2, previous: read });

    expect((await db.rooms.get('window'))!.window.map((event) => [event.v, event.seq])).toEqual([
      [1, 1],
      [2, 4],
      [2, 5],
    ]);
  });

  it('keeps only as many game events as fit its budget, never dropping the newest write', async () => {
    let current = (await db.rooms.write(room('budget'), undefined, { events: 0 }), (await db.rooms.get('budget'))!);
    for (let v = 2; v < 40; v++) {
      const event = { seq: 0, v, o: 0, type: 'chat' as const, at: v, fields: { text: `${v} ${'incompressible '.repeat(3)} ${Math.random()} ${Math.random()}` } };
      await db.rooms.write({ ...current, window: [...current.window, event] }, current.version, { events: 1, previous: current });
      current = (await db.rooms.get('budget'))!;
    }

    expect(current.window.length).toBeGreaterThan(0);
    expect(current.window.length).toBeLessThan(38);
    expect(current.window.at(-1)?.v).toBe(39);
    // Every kept event still knows its number.
    expect(current.window.map((event) => event.seq)).toEqual(current.window.map((_, i) => current.seq - current.window.length + 1 + i));
  });

  it('stores the counters beside the body and a TTL', async () => {
    await db.rooms.write({ ...room('ttl'), updatedAt: 1_000_000 }, undefined, { events: 0 });

    const { Items } = await db.client.send(new ScanCommand({ TableName: db.tableName, FilterExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'ROOM#ttl' } }));

    expect(Items?.[0]).toMatchObject({ seq: 0, version: 1, epoch: 0, members: 0, spectators: 0, expiresAt: 1000 + 3600 });
  });
});

describe('DynamoEventLog and DynamoRequestStore', () => {
  it('keeps each chat line as its own item, and reads them back in seq order after a point', async () => {
    await db.events.append('log', [chatEvent(1), chatEvent(2)]);
    await db.events.append('log', Array.from({ length: 30 }, (_, i) => chatEvent(3 + i)));

    expect((await db.events.after('log', 1, 5)).map((event) => event.seq)).toEqual([2, 3, 4, 5, 6]);
    expect(await db.events.after('log', 32, 5)).toEqual([]);
  });

  it('claims a request id once, keeping the seq it got', async () => {
    expect(await db.requests.find('r', 'p', 'id1', 0)).toBeUndefined();
    const claims = await Promise.all([0, 1, 2].map((i) => db.requests.claim('r', 'p', 'id1', { hash: 'h', seq: 10 + i }, 0)));

    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await db.requests.find('r', 'p', 'id1', 0))?.hash).toBe('h');
    expect(await db.requests.find('r', 'other', 'id1', 0)).toBeUndefined();
  });
});
