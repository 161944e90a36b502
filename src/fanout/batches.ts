import type { FanoutMessage } from '../ports/fanout';

/**
 * Members per message. Connection ids are ~16 characters, so 500 of them are
 * ~10 KB beside a payload of at most 128 KB: always under SQS's 256 KB, and a
 * worker's 500 sends at the default concurrency take a few round trips.
 */
export const MEMBERS_PER_BATCH = 500;
/** SQS's message size limit (the classic one; newer queues allow 1 MiB, 256 KB works everywhere). */
export const MAX_MESSAGE_BYTES = 256 * 1024;

export const messageBytes = (message: FanoutMessage): number => Buffer.byteLength(JSON.stringify(message), 'utf8');

/**
 * Splits a room's audience into messages; when a message would exceed the
 * queue's limit, the payload is stored once and every message carries a
 * pointer to it instead.
 */
export const toFanoutMessages = async (
  room: string,
  endpoint: string,
  connectionIds: readonly string[],
  payload: unknown,
  store: (payload: unknown) => Promise<string>,
  limits: { membersPerBatch?: number; maxMessageBytes?: number } = {},
): Promise<FanoutMessage[]> => {
  const size = limits.membersPerBatch ?? MEMBERS_PER_BATCH;
  const batches: string[][] = [];
  for (let i = 0; i < connectionIds.length; i += size) batches.push(connectionIds.slice(i, i + size));
  const inline = batches.map((ids): FanoutMessage => ({ room, endpoint, connectionIds: ids, payload: { inline: payload } }));
  if (inline.every((message) => messageBytes(message) <= (limits.maxMessageBytes ?? MAX_MESSAGE_BYTES))) return inline;
  const pointer = await store(payload);
  return batches.map((ids) => ({ room, endpoint, connectionIds: ids, payload: { pointer } }));
};
