import type { FanoutMessage, FanoutQueue, PayloadStore } from '../../ports/fanout';
import { settleAll } from '../../settle-all';

/**
 * The queue where there is no SQS (serverless offline, tests): each message is
 * consumed right away, in this invocation, and awaited, so the fan-out path
 * runs exactly as on AWS, minus the queue.
 */
export class InProcessFanoutQueue implements FanoutQueue {
  delivered = 0;

  constructor(private readonly consume: (message: FanoutMessage) => Promise<void>) {}

  async enqueue(messages: readonly FanoutMessage[]): Promise<void> {
    this.delivered += messages.length;
    await settleAll(messages.map(async (message) => await this.consume(message)));
  }
}

export class MemoryPayloadStore implements PayloadStore {
  private readonly payloads = new Map<string, string>();
  private next = 0;

  put(payload: unknown): Promise<string> {
    const pointer = `payload-${++this.next}`;
    this.payloads.set(pointer, JSON.stringify(payload));
    return Promise.resolve(pointer);
  }

  get(pointer: string): Promise<unknown> {
    const text = this.payloads.get(pointer);
    if (text === undefined) return Promise.reject(new Error(`no payload ${pointer}`));
    return Promise.resolve(JSON.parse(text));
  }
}
