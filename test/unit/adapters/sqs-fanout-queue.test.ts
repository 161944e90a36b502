import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsFanoutQueue, groupForSqs } from '../../../src/adapters/sqs/fanout-queue';
import type { FanoutMessage } from '../../../src/ports/fanout';

const sqsMock = mockClient(SQSClient);
const queue = new SqsFanoutQueue(new SQSClient({ region: 'us-east-1' }), 'https://sqs.us-east-1.amazonaws.com/123/fanout');

const message = (i: number, text = ''): FanoutMessage => ({ room: 'r', endpoint: 'https://e', connectionIds: [`c${i}`], payload: { inline: { i, text } } });

beforeEach(() => sqsMock.reset());

describe('SqsFanoutQueue', () => {
  it('sends every message once, at most 10 per SendMessageBatch', async () => {
    sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const messages = Array.from({ length: 23 }, (_, i) => message(i));

    await queue.enqueue(messages);

    const calls = sqsMock.commandCalls(SendMessageBatchCommand);
    expect(calls.map((c) => c.args[0].input.Entries?.length)).toEqual([10, 10, 3]);
    expect(calls.every((c) => c.args[0].input.QueueUrl === 'https://sqs.us-east-1.amazonaws.com/123/fanout')).toBe(true);
    const bodies = calls.flatMap((c) => c.args[0].input.Entries ?? []).map((e) => JSON.parse(e.MessageBody ?? '') as FanoutMessage);
    expect(bodies).toEqual(messages);
  });

  it('keeps each call under 256 KB', () => {
    const big = Array.from({ length: 6 }, (_, i) => message(i, 'z'.repeat(100 * 1024)));

    const groups = groupForSqs(big);

    expect(groups.map((g) => g.length)).toEqual([2, 2, 2]);
  });

  it('resends the entries SQS reports as failed', async () => {
    sqsMock
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Failed: [{ Id: '1', SenderFault: false, Code: 'ThrottlingException' }] })
      .resolves({ Failed: [] });

    await queue.enqueue([message(0), message(1), message(2)]);

    const calls = sqsMock.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.Entries?.map((e) => (JSON.parse(e.MessageBody ?? '') as FanoutMessage).connectionIds[0])).toEqual(['c1']);
  });

  it('rejects, after every group settled, when SQS keeps refusing', async () => {
    sqsMock.on(SendMessageBatchCommand).resolves({ Failed: [{ Id: '0', SenderFault: false, Code: 'InternalError' }] });

    await expect(queue.enqueue([message(0)])).rejects.toThrow('SQS refused 1 fan-out messages after 3 attempts');
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 3);
  });
});
