import type { FanoutMessage, FanoutQueue } from '../../ports/fanout';
import { MAX_MESSAGE_BYTES, messageBytes } from '../../fanout/batches';
import { settleAll } from '../../settle-all';
import type { SqsSender } from './sender';

/** SQS takes at most 10 entries and 256 KB per SendMessageBatch. */
const ENTRIES_PER_CALL = 10;
const MAX_ATTEMPTS = 3;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Groups messages into SendMessageBatch calls that respect both SQS limits. */
export const groupForSqs = (messages: readonly FanoutMessage[], maxBytes = MAX_MESSAGE_BYTES): FanoutMessage[][] => {
  const groups: FanoutMessage[][] = [];
  let current: FanoutMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = messageBytes(message);
    if (current.length > 0 && (current.length === ENTRIES_PER_CALL || bytes + size > maxBytes)) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
};

export class SqsFanoutQueue implements FanoutQueue {
  constructor(
    private readonly sqs: SqsSender,
    private readonly queueUrl: string,
  ) {}

  /**
   * Sends every group in parallel and resends entries SQS reports as failed
   * (throttled), so a caller that sees this resolve knows every batch is queued.
   */
  async enqueue(messages: readonly FanoutMessage[]): Promise<void> {
    await settleAll(groupForSqs(messages).map(async (group) => await this.send(group)));
  }

  private async send(group: FanoutMessage[]): Promise<void> {
    let pending = group.map((message, index) => ({ Id: String(index), MessageBody: JSON.stringify(message) }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`SQS refused ${pending.length} fan-out messages after ${MAX_ATTEMPTS} attempts`);
      if (attempt > 1) await pause(50 * 2 ** attempt * Math.random());
      const { Failed = [] } = await this.sqs.sendMessageBatch({ QueueUrl: this.queueUrl, Entries: pending });
      const failed = new Set(Failed.map((entry) => entry.Id));
      pending = pending.filter((entry) => failed.has(entry.Id));
    }
  }
}
