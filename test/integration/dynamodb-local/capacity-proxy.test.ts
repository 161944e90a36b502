import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../src/adapters/dynamodb/client';
import { DynamoCapacityProxy } from '../../support/dynamo-capacity-proxy';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo';
import { itemSize, writeUnits } from '../../support/dynamo-item-size';
import { marshall } from '@aws-sdk/util-dynamodb';

/** The capacity proxy in front of DynamoDB Local: what it records, and that the client sees what it would without it. */
let db: TestDynamo;
let proxy: DynamoCapacityProxy;
let client: DynamoDBDocumentClient;

beforeAll(async () => {
  db = await startTestDynamo({ engine: 'dynamodb-local' });
  proxy = new DynamoCapacityProxy(db.endpoint);
  client = createDocumentClient({ region: 'us-east-1', dynamodbEndpoint: await proxy.start(), localCredentials: { accessKeyId: 'p', secretAccessKey: 'p' } });
});
afterAll(async () => {
  client.destroy();
  await proxy.stop();
  await db.close();
});

const failed = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
};

describe('the capacity proxy', () => {
  it('records a put of a 3 KB item as 3 WCU, reported by the engine, and hands the client no ConsumedCapacity it did not ask for', async () => {
    proxy.take();

    const answer = await client.send(new PutCommand({ TableName: db.tableName, Item: { pk: 'p3', sk: 'x', v: 'x'.repeat(3000) } }));

    expect(answer.ConsumedCapacity).toBeUndefined();
    expect(proxy.take()).toEqual([
      expect.objectContaining({ operation: 'PutItem', tables: [db.tableName], kind: 'write', writeUnits: 3, readUnits: 0, status: 200, capacity: 'reported', conditionalCheckFailed: false, partitionKeys: ['p3'] }),
    ]);
  });

  it('leaves ConsumedCapacity in the answer when the client asked for it', async () => {
    const answer = await client.send(new GetCommand({ TableName: db.tableName, Key: { pk: 'p3', sk: 'x' }, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }));

    expect(answer.ConsumedCapacity?.CapacityUnits).toBe(1);
    expect(proxy.take().at(-1)).toMatchObject({ operation: 'GetItem', kind: 'read', readUnits: 1 });
  });

  it('counts a failed conditional put as failed, with the WCU of the larger of the existing item and the item sent', async () => {
    await client.send(new PutCommand({ TableName: db.tableName, Item: { pk: 'cond', sk: 'x', v: 'x'.repeat(2500) } }));
    proxy.take();

    const error = await failed(client.send(new PutCommand({ TableName: db.tableName, Item: { pk: 'cond', sk: 'x' }, ConditionExpression: 'attribute_not_exists(pk)' })));

    expect(error.name).toBe('ConditionalCheckFailedException');
    // The proxy asked for the existing item to size it; the client does not get it.
    expect(error.Item).toBeUndefined();
    expect(proxy.take()).toEqual([expect.objectContaining({ operation: 'PutItem', status: 400, error: 'ConditionalCheckFailedException', conditionalCheckFailed: true, capacity: 'computed', writeUnits: 3 })]);
  });

  it('counts a failed conditional update of a missing item as 1 WCU', async () => {
    proxy.take();

    await failed(client.send(new UpdateCommand({ TableName: db.tableName, Key: { pk: 'none', sk: 'x' }, UpdateExpression: 'SET v = :v', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':v': 1 } })));

    expect(proxy.take()).toEqual([expect.objectContaining({ operation: 'UpdateItem', conditionalCheckFailed: true, writeUnits: 1 })]);
  });

  it('keeps the existing item in the error when the client asked for it itself', async () => {
    const error = await failed(client.send(new PutCommand({ TableName: db.tableName, Item: { pk: 'cond', sk: 'x' }, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })));

    expect(error.Item).toBeDefined();
  });

  it('sums a batch write and a paginated query, and records every partition key named', async () => {
    proxy.take();

    await client.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: ['a', 'b', 'c'].map((sk) => ({ PutRequest: { Item: { pk: 'batch', sk, v: 'x'.repeat(1500) } } })) } }));
    await client.send(new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'batch' } }));
    await client.send(new DeleteCommand({ TableName: db.tableName, Key: { pk: 'batch', sk: 'a' } }));

    expect(proxy.take()).toEqual([
      expect.objectContaining({ operation: 'BatchWriteItem', writeUnits: 6, partitionKeys: ['batch'] }),
      // 3 x ~1.5 KB read eventually consistently: 4.5 KB rounds up to 8 KB, 2 RCU, halved.
      expect.objectContaining({ operation: 'Query', readUnits: 1, partitionKeys: ['batch'] }),
      expect.objectContaining({ operation: 'DeleteItem', writeUnits: 2 }),
    ]);
  });

  it("computes an item's write units as DynamoDB Local reports them, for arbitrary items", async () => {
    // Names an object inherits (`constructor`, `__proto__`, ...) are left out: as own keys they make the SDK's
    // marshall take the map for a class instance and refuse it, before any size is computed (seed 89610100).
    const name = (maxLength: number) => fc.string({ minLength: 1, maxLength }).filter((key) => !(key in {}));
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.string({ maxLength: 700 }), fc.integer(), fc.double({ min: -1e9, max: 1e9, noNaN: true }).filter((x) => x === 0 || Math.abs(x) > 1e-9), fc.boolean(), fc.constant(null)),
      node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(name(8), tie('node'), { maxKeys: 4 })),
    })).node;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.dictionary(name(12).filter((key) => key !== 'pk' && key !== 'sk'), value, { maxKeys: 6 }), async (attributes) => {
        const item = { pk: `size-${n++}`, sk: 'x', ...attributes };
        proxy.take();
        await client.send(new PutCommand({ TableName: db.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
        const [call] = proxy.take();
        expect(call?.writeUnits).toBe(writeUnits(itemSize(marshall(item, { removeUndefinedValues: true }) as never)));
      }),
      { numRuns: 60 },
    );
  });
});
