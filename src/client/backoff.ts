/** How long to wait between reconnection attempts. */
export interface BackoffOptions {
  /** The ceiling of the first retry's delay. */
  initialMs: number;
  /** No delay exceeds this, however many attempts failed. */
  maxMs: number;
  /** The ceiling grows by this factor per failed attempt. */
  factor: number;
}

export const defaultBackoff: BackoffOptions = { initialMs: 500, maxMs: 15_000, factor: 2 };

/**
 * The delay before retry number `attempt` (0 for the first): an exponential
 * ceiling, capped, with "equal jitter". Half of the delay is fixed so a client
 * never hammers a server that is down; half is random so that when a server
 * comes back, its clients do not all reconnect in the same instant.
 * `random` returns a number in [0, 1), like `Math.random`.
 */
export const backoffDelay = (attempt: number, options: BackoffOptions, random: () => number): number => {
  const ceiling = Math.min(options.maxMs, options.initialMs * options.factor ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
};
