import type { RateLimit } from './ports/connections';

/**
 * The token bucket, kept as one number: GCRA's "theoretical arrival time"
 * (TAT). A bucket of `capacity` tokens refilled every `interval` ms admits a
 * message at `now` when TAT - now <= (capacity - 1) * interval, and then moves
 * TAT to max(TAT, now) + interval. Storing a single timestamp instead of
 * (tokens, last refill) lets a store charge the bucket with a conditional
 * increment, atomic under concurrent Lambdas, with no read first.
 */
export interface Gcra {
  /** ms between refills of one token. */
  interval: number;
  /** Latest TAT at which one more message is still admitted, at `now`. */
  latestAdmissible: (now: number) => number;
}

export const gcra = (limit: RateLimit): Gcra => {
  const interval = 1000 / limit.refillPerSecond;
  return {
    interval,
    latestAdmissible: (now) => now + (limit.capacity - 1) * interval,
  };
};

/** Pure decision, for stores that can hold a lock (the in-memory one). */
export const charge = (limit: RateLimit, tat: number | undefined, now: number): { admitted: true; tat: number } | { admitted: false; retryAfterMs: number } => {
  const { interval, latestAdmissible } = gcra(limit);
  const current = Math.max(tat ?? now, now);
  if (current > latestAdmissible(now)) return { admitted: false, retryAfterMs: current - latestAdmissible(now) };
  return { admitted: true, tat: current + interval };
};
