import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsFanoutQueue, groupForSqs } from '../../../src/adapters/sqs/fanout-queue';
import { LeanSqs } from '../../../src/adapters/sqs/lean-sqs';
import type { FanoutMessage } from '../../../src/ports/fanout';
import { FakeSqs } from '../../support/fake-sqs';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123/fanout';
let sqs: FakeSqs;
let queue: SqsFanoutQueue;

const message = (i: number, text = ''): FanoutMessage => ({ room: 'r', endpoint: 'https://e', connectionIds: [`c${i}`], payload: { inline: { i, text } } });
const entriesOf = (index: number) => (sqs.calls[index]?.input.Entries ?? []) as { Id: string; MessageBody: string }[];

beforeEach(() => {
  // Through the lean client, as in production, answered in memory by the fake queue.
  sqs = new FakeSqs();
  queue = new SqsFanoutQueue(new LeanSqs({ region: 'us-east-1', credentials: async () => await Promise.resolve({ accessKeyId: 'a', secretAccessKey: 'b' }), transport: sqs.transport }), QUEUE_URL);
});

describe('SqsFanoutQueue', () => {
  it('sends every message once, at most 10 per SendMessageBatch', async () => {
    const messages = Array.from({ length: 23 }, (_, i) => message(i));

    await queue.enqueue(messages);

    expect(sqs.calls.map((call) => call.operation)).toEqual(['SendMessageBatch', 'SendMessageBatch', 'SendMessageBatch']);
    expect(sqs.calls.map((_, i) => entriesOf(i).length)).toEqual([10, 10, 3]);
    expect(sqs.calls.every((call) => call.input.QueueUrl === QUEUE_URL)).toBe(true);
    const bodies = sqs.calls.flatMap((_, i) => entriesOf(i)).map((e) => JSON.parse(e.MessageBody) as FanoutMessage);
    expect(bodies).toEqual(messages);
  });

  it('keeps each call under 256 KB', () => {
    const big = Array.from({ length: 6 }, (_, i) => message(i, 'z'.repeat(100 * 1024)));

    const groups = groupForSqs(big);

    expect(groups.map((g) => g.length)).toEqual([2, 2, 2]);
  });

  it('resends the entries SQS reports as failed', async () => {
    sqs.script = (call, index) => {
      if (index !== 0) return undefined;
      const entries = call.input.Entries as { Id: string; MessageBody: string }[];
      const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
      const body = {
        Successful: entries.filter((e) => e.Id !== '1').map((e) => ({ Id: e.Id, MessageId: `m${e.Id}`, MD5OfMessageBody: md5(e.MessageBody) })),
        Failed: [{ Id: '1', SenderFault: false, Code: 'ThrottlingException' }],
      };
      return { status: 200, body: JSON.stringify(body) };
    };

    await queue.enqueue([message(0), message(1), message(2)]);

    expect(sqs.calls).toHaveLength(2);
    expect(entriesOf(1).map((e) => (JSON.parse(e.MessageBody) as FanoutMessage).connectionIds[0])).toEqual(['c1']);
  });

  it('rejects, after every group settled, when SQS keeps refusing', async () => {
    sqs.script = () => ({ status: 200, body: JSON.stringify({ Successful: [], Failed: [{ Id: '0', SenderFault: false, Code: 'InternalError' }] }) });

    await expect(queue.enqueue([message(0)])).rejects.toThrow('SQS refused 1 fan-out messages after 3 attempts');
    expect(sqs.calls).toHaveLength(3);
  });
});

