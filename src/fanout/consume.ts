import { prune, timedBroadcast } from '../actions/deliver';
import type { Deps } from '../actions/deps';
import type { FanoutMessage, PayloadStore } from '../ports/fanout';

/**
 * One queued batch: broadcast the event to its members, await every send,
 * prune the gone ones (and mark their seats offline). Throws only when the
 * batch cannot be processed at all (payload gone, store down): the queue then
 * retries it, and after a few attempts parks it in the dead-letter queue.
 */
export const consumeFanout = async (deps: Deps, payloads: PayloadStore, message: FanoutMessage): Promise<void> => {
  const payload = 'inline' in message.payload ? message.payload.inline : await payloads.get(message.payload.pointer);
  const report = await timedBroadcast(deps, message.connectionIds, payload, message.room);
  if (report.gone.length > 0) await prune(deps, message.room, report.gone, 0);
};
