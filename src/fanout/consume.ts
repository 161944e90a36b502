import { prune } from '../actions/deliver';
import type { Deps } from '../actions/deps';
import { broadcast } from '../broadcast';
import type { FanoutMessage, PayloadStore } from '../ports/fanout';

/**
 * One queued batch: broadcast the event to its members, await every send,
 * prune the gone ones (and mark their seats offline). Throws only when the
 * batch cannot be processed at all (payload gone, store down): the queue then
 * retries it, and after a few attempts parks it in the dead-letter queue.
 */
export const consumeFanout = async (deps: Deps, payloads: PayloadStore, message: FanoutMessage): Promise<void> => {
  const payload = 'inline' in message.payload ? message.payload.inline : await payloads.get(message.payload.pointer);
  const started = performance.now();
  const report = await broadcast(deps.gateway, message.connectionIds, payload, {
    ...(deps.settings.broadcastConcurrency === undefined ? {} : { concurrency: deps.settings.broadcastConcurrency }),
  });
  deps.metrics.record(report, performance.now() - started);
  if (report.failed.length > 0) deps.log.warn('fanout batch had failures', { room: message.room, failedCount: report.failed.length, failed: report.failed.slice(0, 20) });
  if (report.gone.length > 0) await prune(deps, message.room, report.gone, 0);
};
