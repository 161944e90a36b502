import type { SQSRecord } from 'aws-lambda';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoPayloadStore } from '../../src/adapters/dynamodb/payloads';
import { memberKey } from '../../src/adapters/dynamodb/keys';
import { SqsFanoutQueue } from '../../src/adapters/sqs/fanout-queue';
import { LeanSqs } from '../../src/adapters/sqs/lean-sqs';
import { SqsTimerQueue } from '../../src/adapters/sqs/timer-queue';
import { fanoutHandler } from '../../src/handlers/fanout-worker';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startTestDynamo, type TestDynamo } from '../support/dynamo';
import { dynamoArena } from '../support/dynamo-arena';
import { FakeSqs } from '../support/fake-sqs';

/**
 * The lean SQS client over real HTTP: to a queue endpoint that recomputes each
 * request's signature with the SDK's own signer (session token included), on
 * the fan-out and timer paths, and against a port nobody listens on (the
 * network error and its retries are the SDK's).
 */
const CREDENTIALS = { accessKeyId: 'AKIDLEAN', secretAccessKey: 'lean/secret+key=', sessionToken: 'session token/with+odd=chars' };

let db: TestDynamo;
let sqs: FakeSqs;
let endpoint: string;
const lean = (credentials: typeof CREDENTIALS | { accessKeyId: string; secretAccessKey: string } = CREDENTIALS) =>
  new LeanSqs({ region: 'eu-west-3', credentials: async () => await Promise.resolve(credentials) });

beforeAll(async () => {
  db = await startTestDynamo();
  sqs = new FakeSqs(5, CREDENTIALS);
  endpoint = await sqs.start();
});
afterAll(async () => {
  await sqs.stop();
  await db.close();
});

describe('the lean SQS client over HTTP', () => {
  it('schedules timers the queue accepts as signed by these credentials', async () => {
    const queueUrl = `${endpoint}/123456789012/timers`;
    const timers = new SqsTimerQueue(lean(), queueUrl, undefined);
    const refusedBefore = sqs.refused.length;
    const at = Date.now() + 42_000;

    await timers.schedule({ room: 'r1', at, endpoint: 'https://abc.execute-api.eu-west-3.amazonaws.com/prod' });
    await timers.schedule({ room: 'r2', at: Date.now() + 86_400_000, endpoint: 'https://abc.execute-api.eu-west-3.amazonaws.com/prod' });

    expect(sqs.refused.slice(refusedBefore)).toEqual([]);
    const sent = sqs.sent.filter((message) => message.queueUrl === queueUrl);
    expect(sent.map((message) => [(JSON.parse(message.body) as { room: string }).room, message.delaySeconds])).toEqual([
      ['r1', 42],
      ['r2', 900],
    ]);
  });

  it('is refused, and says so as the SDK would, when signed with the wrong secret', async () => {
    const before = sqs.refused.length;

    const sending = lean({ ...CREDENTIALS, secretAccessKey: 'wrong' }).sendMessage({ QueueUrl: `${endpoint}/1/q`, MessageBody: 'x' });

    await expect(sending).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $fault: 'client', $metadata: { httpStatusCode: 403, attempts: 1 } });
    expect(sqs.refused.length).toBe(before + 1);
  });

  it('fans a big room out through the queue, and the fanout worker delivers what it queued', async () => {
    const fanout = new SqsFanoutQueue(lean(), `${endpoint}/123456789012/fanout`);
    const arena = dynamoArena(db, { fanoutThreshold: 50 }, { fanout });
    for (const id of ['q-a', 'q-b']) await arena.connect(id);
    await arena.send('q-a', { action: 'join', room: 'sqs-big', name: 'Ada' });
    await arena.send('q-b', { action: 'join', room: 'sqs-big', name: 'Bob' });
    const crowd = Array.from({ length: 1200 }, (_, i) => `q-m${i}`);
    for (let i = 0; i < crowd.length; i += 25) {
      await db.client.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: crowd.slice(i, i + 25).map((id) => ({ PutRequest: { Item: memberKey('sqs-big', id) } })) } }));
    }
    crowd.forEach((id) => arena.gateway.connect(id));
    const before = sqs.sent.length;
    const refusedBefore = sqs.refused.length;

    await arena.send('q-a', { action: 'chat', room: 'sqs-big', text: 'through SQS', id: 'c' });

    // 1,201 members besides the sender: three messages of at most 500, in one signed SendMessageBatch.
    const queued = sqs.sent.slice(before);
    expect(queued).toHaveLength(3);
    expect(sqs.refused.slice(refusedBefore)).toEqual([]);
    const worker = fanoutHandler(() => ({ deps: arena.deps, flush: () => {} }), new DynamoPayloadStore(db.client, db.tableName));
    const result = await worker({ Records: queued.map((message, i) => ({ messageId: `m${i}`, body: message.body }) as SQSRecord) });
    expect(result).toEqual({ batchItemFailures: [] });
    const heard = (id: string) => arena.gateway.received<{ type: string; text?: string }>(id).filter((m) => m.type === 'chat' && m.text === 'through SQS');
    expect(['q-b', ...crowd].filter((id) => heard(id).length === 1)).toHaveLength(1 + crowd.length);
  });

  it('meets a closed port as the SDK does: three attempts, then the network error', async () => {
    const closed = new FakeSqs();
    const url = `${await closed.start()}/1/q`;
    await closed.stop();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const sdk = new SQSClient({ region: 'eu-west-3', credentials: CREDENTIALS });

    const leanError = (await lean().sendMessage({ QueueUrl: url, MessageBody: 'x' }).then(() => undefined, (error: unknown) => error)) as Record<string, unknown>;
    const sdkError = (await sdk.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })).then(() => undefined, (error: unknown) => error)) as Record<string, unknown>;

    expect(leanError).toMatchObject({ code: 'ECONNREFUSED', $metadata: { attempts: 3 } });
    expect({ name: leanError.name, code: leanError.code, attempts: (leanError.$metadata as { attempts: number }).attempts }).toEqual({
      name: sdkError.name,
      code: sdkError.code,
      attempts: (sdkError.$metadata as { attempts: number }).attempts,
    });
  });
});
