/**
 * Rooms too big for one invocation fan out through a queue: the acting Lambda
 * enqueues batches of members with the event, and `fanout` workers deliver
 * them. On AWS the queue is SQS; locally the same path runs in process.
 */
export interface FanoutMessage {
  room: string;
  /** Management API endpoint of the WebSocket API the members are connected to. */
  endpoint: string;
  connectionIds: string[];
  /** The event itself, or where it was stored when the message would exceed the queue's size limit. */
  payload: { inline: unknown } | { pointer: string };
}

export interface FanoutQueue {
  /** Resolves once every message is accepted by the queue (or, in process, delivered). */
  enqueue(messages: readonly FanoutMessage[]): Promise<void>;
}

/** Where oversized payloads wait for their workers (a TTL'd item in the table). */
export interface PayloadStore {
  put(payload: unknown): Promise<string>;
  get(pointer: string): Promise<unknown>;
}
