import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, MEMBERS_PER_BATCH, messageBytes, toFanoutMessages } from '../../../src/fanout/batches';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `conn-${String(i).padStart(6, '0')}`);
const noStore = async () => await Promise.reject(new Error('should not store'));

describe('toFanoutMessages', () => {
  it('puts every member in exactly one message, at most 500 per message', async () => {
    const members = ids(1234);

    const messages = await toFanoutMessages('big', 'https://api/stage', members, { type: 'chat', seq: 9 }, noStore);

    expect(messages.map((m) => m.connectionIds.length)).toEqual([MEMBERS_PER_BATCH, MEMBERS_PER_BATCH, 234]);
    expect(messages.flatMap((m) => m.connectionIds)).toEqual(members);
    expect(messages.every((m) => m.room === 'big' && m.endpoint === 'https://api/stage')).toBe(true);
    expect(messages[0]?.payload).toEqual({ inline: { type: 'chat', seq: 9 } });
  });

  it('keeps a maximal 128 KB event inline: 500 members fit beside it under 256 KB', async () => {
    const event = { type: 'chat', text: 'x'.repeat(128 * 1024 - 30) };

    const messages = await toFanoutMessages('big', 'https://api/stage', ids(500), event, noStore);

    expect(messages).toHaveLength(1);
    expect('inline' in messages[0]!.payload).toBe(true);
    expect(messageBytes(messages[0]!)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
  });

  it('stores the payload once and sends pointers when a message would exceed the limit', async () => {
    const stored: unknown[] = [];
    const store = async (payload: unknown) => {
      stored.push(payload);
      return await Promise.resolve('ptr-1');
    };

    const messages = await toFanoutMessages('big', 'e', ids(30), { text: 'y'.repeat(2000) }, store, { membersPerBatch: 10, maxMessageBytes: 1500 });

    expect(stored).toEqual([{ text: 'y'.repeat(2000) }]);
    expect(messages.map((m) => m.payload)).toEqual([{ pointer: 'ptr-1' }, { pointer: 'ptr-1' }, { pointer: 'ptr-1' }]);
    expect(messages.flatMap((m) => m.connectionIds)).toEqual(ids(30));
  });
});
