import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRoom } from '../../../src/rooms/room';
import { readTableDefinition } from '../../../scripts/local/table-definition';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo';

let db: TestDynamo;
beforeAll(async () => {
  db = await startTestDynamo({ memberPageSize: 7 });
});
afterAll(async () => await db.close());

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
  it('stores, reads, moves between rooms and deletes connections', async () => {
    await db.connections.add({ connectionId: 'c1', connectedAt: 1000 });

    expect(await db.connections.setRoom('c1', { room: 'r', playerId: 'p', name: 'Ada' })).toBe(true);
    expect(await db.connections.get('c1')).toEqual({ connectionId: 'c1', connectedAt: 1000, room: 'r', playerId: 'p', name: 'Ada' });
    expect(await db.connections.setRoom('c1', undefined)).toBe(true);
    expect(await db.connections.get('c1')).toEqual({ connectionId: 'c1', connectedAt: 1000 });

    await db.connections.remove(['c1']);
    expect(await db.connections.get('c1')).toBeUndefined();
  });

  it('does not bring a deleted connection back when its room is set late', async () => {
    expect(await db.connections.setRoom('ghost', { room: 'r', playerId: 'p', name: 'x' })).toBe(false);
    expect(await db.connections.get('ghost')).toBeUndefined();
  });

  it('deletes more connections than one BatchWriteItem takes', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `bulk${i}`);
    await Promise.all(ids.map((connectionId) => db.connections.add({ connectionId, connectedAt: 1 })));

    await db.connections.remove(ids);

    const left = await Promise.all(ids.map((id) => db.connections.get(id)));
    expect(left.filter(Boolean)).toHaveLength(0);
  });

  it('admits up to the bucket capacity, refuses the next, refills with time', async () => {
    await db.connections.add({ connectionId: 'rl', connectedAt: 0 });
    const limit = { capacity: 3, refillPerSecond: 1 };

    const first = await Promise.all([0, 1, 2].map(() => db.connections.admit('rl', limit, 10_000)));
    const fourth = await db.connections.admit('rl', limit, 10_000);
    const later = await db.connections.admit('rl', limit, 11_000);

    expect(first.every((a) => a.admitted)).toBe(true);
    expect(fourth).toEqual({ admitted: false, retryAfterMs: 1000 });
    expect(later.admitted).toBe(true);
  });

  it('never admits more than the capacity under concurrent charges', async () => {
    await db.connections.add({ connectionId: 'race', connectedAt: 0 });
    const limit = { capacity: 5, refillPerSecond: 0.0001 };

    const results = await Promise.all(Array.from({ length: 12 }, () => db.connections.admit('race', limit, 5000)));

    expect(results.filter((r) => r.admitted).length).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r.admitted).length).toBeGreaterThan(0);
  });

  it('reports an unknown connection as such', async () => {
    expect(await db.connections.admit('nobody', { capacity: 1, refillPerSecond: 1 }, 0)).toEqual({ admitted: false, unknown: true });
  });
});

describe('DynamoMemberStore', () => {
  it('lists every member across many query pages', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `m${String(i).padStart(2, '0')}`);
    await Promise.all(ids.map((id) => db.members.add('big', id)));

    const listed = await db.members.list('big');

    expect(listed.sort()).toEqual(ids);
  });

  it('tells whether a removal removed something, so one remover accounts a departure', async () => {
    await db.members.add('r', 'x');

    expect(await db.members.remove('r', 'x')).toBe(true);
    expect(await db.members.remove('r', 'x')).toBe(false);
  });

  it('keeps rooms apart', async () => {
    await db.members.add('left-room', 'a');
    await db.members.add('right-room', 'b');

    expect(await db.members.list('left-room')).toEqual(['a']);
    await db.members.removeMany('left-room', ['a', 'b']);
    expect(await db.members.list('left-room')).toEqual([]);
    expect(await db.members.list('right-room')).toEqual(['b']);
  });
});

describe('DynamoRoomStore', () => {
  it('creates a room only once and writes only on the expected seq', async () => {
    const room = newRoom('cas', 'connect4', 1);

    expect(await db.rooms.put(room, undefined)).toBe(true);
    expect(await db.rooms.put(room, undefined)).toBe(false);
    expect(await db.rooms.put({ ...room, seq: 1 }, 0)).toBe(true);
    expect(await db.rooms.put({ ...room, seq: 2 }, 0)).toBe(false);
    expect((await db.rooms.get('cas'))?.seq).toBe(1);
  });

  it('stores seq and a TTL beside the record', async () => {
    await db.rooms.put({ ...newRoom('ttl', 'connect4', 1_000_000), seq: 0 }, undefined);

    const { Items } = await db.client.send(new ScanCommand({ TableName: db.tableName, FilterExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'ROOM#ttl' } }));

    expect(Items?.[0]).toMatchObject({ seq: 0, expiresAt: 1000 + 3600 });
  });
});
