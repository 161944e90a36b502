import type { RateLimit } from './ports/connections';

/**
 * Messages are metered in fixed windows of `capacity / refillPerSecond`
 * seconds, at most `capacity` per window: the same average rate as a token
 * bucket of `capacity` refilled at `refillPerSecond`, and the same burst. A
 * window is one counter attribute named after it, so a store charges a
 * message with a single conditional increment and no read, whatever the pace
 * of the messages (a token bucket kept as one timestamp needs a second write
 * whenever the bucket must be refilled first). The price: up to twice the
 * burst across a window boundary, which the stage throttle also bounds.
 */
export interface MeterWindow {
  /** Names the counter of this window. */
  id: number;
  endsAt: number;
}

export const windowMs = (limit: RateLimit): number => Math.max(1, Math.round((limit.capacity / limit.refillPerSecond) * 1000));

export const windowOf = (limit: RateLimit, now: number): MeterWindow => {
  const length = windowMs(limit);
  const id = Math.floor(now / length);
  return { id, endsAt: (id + 1) * length };
};

/**
 * GCRA ("theoretical arrival time"), for joins: a bucket of `capacity` refilled
 * at `refillPerSecond`, decided from the last TAT the caller read. Joins are
 * few, and the write that stores the new TAT is the one the join makes anyway.
 */
export const chargeTat = (limit: RateLimit, tat: number | undefined, now: number): { admitted: true; tat: number } | { admitted: false; retryAfterMs: number } => {
  const interval = 1000 / limit.refillPerSecond;
  const latestAdmissible = now + (limit.capacity - 1) * interval;
  const current = Math.max(tat ?? now, now);
  if (current > latestAdmissible) return { admitted: false, retryAfterMs: current - latestAdmissible };
  return { admitted: true, tat: current + interval };
};
