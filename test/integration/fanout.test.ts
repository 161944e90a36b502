import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { FullBatchFailureError } from '@aws-lambda-powertools/batch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberKey } from '../../src/adapters/dynamodb/keys';
import { DynamoPayloadStore } from '../../src/adapters/dynamodb/payloads';
import { fanoutHandler } from '../../src/handlers/fanout-worker';
import type { FanoutMessage } from '../../src/ports/fanout';
import { startTestDynamo, type TestDynamo } from '../support/dynamo';
import { dynamoArena } from '../support/dynamo-arena';

let db: TestDynamo;
beforeAll(async () => {
  db = await startTestDynamo();
});
afterAll(async () => await db.close());

const addMembers = async (room: string, ids: string[]) => {
  for (let i = 0; i < ids.length; i += 25) {
    await db.client.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: ids.slice(i, i + 25).map((id) => ({ PutRequest: { Item: memberKey(room, id) } })) } }));
  }
};

const record = (body: string, messageId: string): SQSRecord => ({ messageId, body }) as SQSRecord;

describe('rooms above the fan-out threshold', () => {
  it('deliver through queued batches: every member once, gone ones pruned by the workers', async () => {
    const arena = dynamoArena(db, { fanoutThreshold: 50 });
    for (const id of ['big-a', 'big-b']) await arena.connect(id);
    await arena.send('big-a', { action: 'join', room: 'big', name: 'Ada' });
    await arena.send('big-b', { action: 'join', room: 'big', name: 'Bob' });
    const crowd = Array.from({ length: 1200 }, (_, i) => `big-m${i}`);
    await addMembers('big', crowd);
    const alive = crowd.slice(30);
    alive.forEach((id) => arena.gateway.connect(id));
    const queuedBefore = arena.fanout.delivered;

    await arena.send('big-a', { action: 'chat', room: 'big', text: 'hello, crowd', id: 'c' });

    // 1201 members besides the sender: three batches of at most 500
    expect(arena.fanout.delivered - queuedBefore).toBe(3);
    const heard = (id: string) => arena.gateway.received<{ type: string; text?: string }>(id).filter((m) => m.type === 'chat' && m.text === 'hello, crowd');
    expect(['big-b', ...alive].filter((id) => heard(id).length === 1)).toHaveLength(1 + alive.length);
    expect(heard('big-a')).toHaveLength(1); // the sender's own copy, with `re`, sent directly
    const members = new Set(await db.members.list('big'));
    expect(crowd.slice(0, 30).filter((id) => members.has(id))).toEqual([]);
    expect(members.size).toBe(2 + alive.length);
  });
});

describe('the fanout worker (SQS consumer)', () => {
  it('delivers good batches and reports only the poison ones for retry and the dead-letter queue', async () => {
    const arena = dynamoArena(db);
    ['w1', 'w2', 'w3'].forEach((id) => arena.gateway.connect(id));
    const payloads = new DynamoPayloadStore(db.client, db.tableName);
    const pointer = await payloads.put({ type: 'chat', room: 'w', seq: 5, text: 'from a pointer' });
    const good: FanoutMessage = { room: 'w', endpoint: 'http://memory.invalid', connectionIds: ['w1', 'w2'], payload: { inline: { type: 'chat', room: 'w', seq: 4, text: 'inline' } } };
    const viaPointer: FanoutMessage = { ...good, connectionIds: ['w3'], payload: { pointer } };
    const missing: FanoutMessage = { ...good, connectionIds: ['w1'], payload: { pointer: 'no-such-payload' } };
    const handler = fanoutHandler(() => ({ deps: arena.deps, flush: () => {} }), payloads);
    const event: SQSEvent = {
      Records: [record(JSON.stringify(good), 'm-good'), record('{not json', 'm-garbage'), record(JSON.stringify(viaPointer), 'm-pointer'), record(JSON.stringify(missing), 'm-missing')],
    };

    const response = await handler(event);

    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m-garbage', 'm-missing']);
    expect(arena.gateway.received('w1')).toEqual([{ type: 'chat', room: 'w', seq: 4, text: 'inline' }]);
    expect(arena.gateway.received('w2')).toHaveLength(1);
    expect(arena.gateway.received('w3')).toEqual([{ type: 'chat', room: 'w', seq: 5, text: 'from a pointer' }]);
  });

  it('fails the whole invocation when every record fails, so Lambda backs off and SQS retries them all', async () => {
    const arena = dynamoArena(db);
    const payloads = new DynamoPayloadStore(db.client, db.tableName);
    const lost: FanoutMessage = { room: 'w', endpoint: 'http://memory.invalid', connectionIds: ['w1'], payload: { pointer: 'no-such-payload' } };
    const handler = fanoutHandler(() => ({ deps: arena.deps, flush: () => {} }), payloads);

    const invocation = handler({ Records: [record(JSON.stringify(lost), 'm-1'), record('{not json', 'm-2')] });

    await expect(invocation).rejects.toBeInstanceOf(FullBatchFailureError);
  });

  it('flushes each record’s metrics and has finished every record’s sends when it resolves', async () => {
    const arena = dynamoArena(db);
    ['s1', 's2', 's3'].forEach((id) => arena.gateway.connect(id));
    const payloads = new DynamoPayloadStore(db.client, db.tableName);
    const message = (ids: string[], text: string): FanoutMessage => ({ room: 's', endpoint: 'http://memory.invalid', connectionIds: ids, payload: { inline: { type: 'chat', room: 's', seq: 1, text } } });
    const flushed: string[] = [];
    const handler = fanoutHandler((_endpoint, fields) => ({ deps: arena.deps, flush: () => flushed.push(String(fields.messageId)) }), payloads);

    const response = await handler({ Records: [record(JSON.stringify(message(['s1', 's2'], 'a')), 'm-a'), record(JSON.stringify(message(['s3'], 'b')), 'm-b')] });

    expect(response.batchItemFailures).toEqual([]);
    expect(flushed.sort()).toEqual(['m-a', 'm-b']);
    expect(['s1', 's2', 's3'].map((id) => arena.gateway.received(id).length)).toEqual([1, 1, 1]);
  });
});
