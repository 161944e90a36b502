import type { DynamoDBClient} from '@aws-sdk/client-dynamodb';
import { GetItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable, localClient, startDynamo, type LocalDynamo } from '../../../scripts/local/dynamodb';
import { startTestDynamo, testEngine, type TestDynamo } from '../../support/dynamo';

/**
 * The two engines side by side on the calls where they were seen to differ (docs/performance.md, "Two
 * engines"), and on those where the code relies on them agreeing. DynamoDB Local is AWS's engine: where
 * they differ, it is the reference, and this file fails if dynalite ever starts to agree (or Local stops).
 */
let dynalite: LocalDynamo;
let local: TestDynamo;
const clients: Record<'dynalite' | 'local', DynamoDBClient> = {} as never;
const TABLE = 'engines';

beforeAll(async () => {
  dynalite = await startDynamo();
  await createTable(dynalite.endpoint, TABLE);
  local = await startTestDynamo({ engine: 'dynamodb-local', tableName: `engines-${process.pid}` });
  clients.dynalite = localClient(dynalite.endpoint);
  clients.local = localClient(local.endpoint);
});
afterAll(async () => {
  Object.values(clients).forEach((client) => client.destroy());
  await dynalite.close();
  await local.close();
});

const tableOf = (engine: 'dynalite' | 'local') => (engine === 'local' ? local.tableName : TABLE);
const key = (pk: string, sk: string) => ({ pk: { S: pk }, sk: { S: sk } });
const failure = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; message: string; Item?: unknown; $metadata: { httpStatusCode?: number } };
  }
  throw new Error('expected the call to fail');
};

it('this project runs the integration suite on DynamoDB Local', () => {
  // A typo in vitest.config.ts's env would silently run the suite on dynalite twice.
  expect(testEngine()).toBe('dynamodb-local');
});

describe('where dynalite and DynamoDB Local agree (the code relies on it)', () => {
  it.each(['dynalite', 'local'] as const)('%s: a failed conditional put is ConditionalCheckFailedException, 400, "The conditional request failed"', async (engine) => {
    const client = clients[engine];
    await client.send(new PutItemCommand({ TableName: tableOf(engine), Item: key('cond', 'x') }));

    const error = await failure(client.send(new PutItemCommand({ TableName: tableOf(engine), Item: key('cond', 'x'), ConditionExpression: 'attribute_not_exists(pk)' })));

    expect(error.name).toBe('ConditionalCheckFailedException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    // dynalite's body says "message", DynamoDB Local's "Message": the SDK reads both.
    expect(error.message).toBe('The conditional request failed');
  });

  it.each(['dynalite', 'local'] as const)('%s: a Query whose Limit is reached returns LastEvaluatedKey even when nothing is left', async (engine) => {
    const client = clients[engine];
    for (const sk of ['a', 'b', 'c']) await client.send(new PutItemCommand({ TableName: tableOf(engine), Item: key('page', sk) }));

    const page = await client.send(new QueryCommand({ TableName: tableOf(engine), KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'page' } }, Limit: 3 }));

    expect(page.Count).toBe(3);
    expect(page.LastEvaluatedKey).toEqual(key('page', 'c'));
  });

  it.each(['dynalite', 'local'] as const)('%s: reports the same capacity for successful calls (3 KB put: 3 WCU; consistent get: 1 RCU)', async (engine) => {
    const client = clients[engine];
    const put = await client.send(new PutItemCommand({ TableName: tableOf(engine), Item: { ...key('cap', 'x'), v: { S: 'x'.repeat(3000) } }, ReturnConsumedCapacity: 'TOTAL' }));
    const get = await client.send(new GetItemCommand({ TableName: tableOf(engine), Key: key('cap', 'x'), ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }));

    expect(put.ConsumedCapacity?.CapacityUnits).toBe(3);
    expect(get.ConsumedCapacity?.CapacityUnits).toBe(1);
  });

  it.each(['dynalite', 'local'] as const)('%s: reports no capacity for a failed conditional write, although DynamoDB bills it', async (engine) => {
    const client = clients[engine];
    await client.send(new PutItemCommand({ TableName: tableOf(engine), Item: key('cap', 'y') }));

    const error = await failure(client.send(new PutItemCommand({ TableName: tableOf(engine), Item: key('cap', 'y'), ConditionExpression: 'attribute_not_exists(pk)', ReturnConsumedCapacity: 'TOTAL' })));

    expect(error).not.toHaveProperty('ConsumedCapacity');
  });
});

describe('where they differ (DynamoDB Local is right)', () => {
  it('TTL: DynamoDB Local enables it from serverless.yml; dynalite has no UpdateTimeToLive', async () => {
    const error = await failure(clients.dynalite.send(new UpdateTimeToLiveCommand({ TableName: TABLE, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } })));

    expect(error.name).toBe('UnknownOperationException');
    expect(await createTable(local.endpoint, `ttl-${process.pid}`)).toEqual({ ttl: 'applied' });
    expect(await createTable(dynalite.endpoint, 'ttl-dynalite')).toEqual({ ttl: 'unsupported' });
  });

  it('transactions: DynamoDB Local runs TransactWriteItems; dynalite answers UnknownOperationException', async () => {
    const write = (engine: 'dynalite' | 'local') => new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: tableOf(engine), Item: key('tx', '1') } }, { Put: { TableName: tableOf(engine), Item: key('tx', '2') } }] });

    await clients.local.send(write('local'));
    const error = await failure(clients.dynalite.send(write('dynalite')));

    expect(error.name).toBe('UnknownOperationException');
  });

  it('a failed conditional write returns the existing item only on DynamoDB Local (ReturnValuesOnConditionCheckFailure)', async () => {
    const results = [];
    for (const engine of ['dynalite', 'local'] as const) {
      await clients[engine].send(new PutItemCommand({ TableName: tableOf(engine), Item: { ...key('old', 'x'), v: { S: 'kept' } } }));
      results.push(await failure(clients[engine].send(new PutItemCommand({ TableName: tableOf(engine), Item: key('old', 'x'), ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }))));
    }
    const [fromDynalite, fromLocal] = results;

    expect(fromDynalite?.Item).toBeUndefined();
    expect(fromLocal?.Item).toMatchObject({ v: { S: 'kept' } });
  });

  it('validation messages differ in wording: match on the error name, never on its message', async () => {
    const tooPrecise = (engine: 'dynalite' | 'local') => new PutItemCommand({ TableName: tableOf(engine), Item: { ...key('n', '1'), v: { N: '123456789012345678901234567890123456789' } } });

    const [fromDynalite, fromLocal] = [await failure(clients.dynalite.send(tooPrecise('dynalite'))), await failure(clients.local.send(tooPrecise('local')))];

    expect([fromDynalite.name, fromLocal.name]).toEqual(['ValidationException', 'ValidationException']);
    expect(fromDynalite.message).not.toBe(fromLocal.message);
  });
});
