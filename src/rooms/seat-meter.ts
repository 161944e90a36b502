import { RateLimitedError } from '../errors';
import type { RateLimit } from '../ports/connections';
import type { Seat } from '../protocol';
import { windowOf } from '../rate-limit';
import type { RoomRecord } from './record';

/**
 * A seated player's game requests are metered by the room itself: the seat's
 * count for the current window rides in the room's conditional write, which
 * the request makes anyway, instead of a write of the connection's budget of
 * its own. Same budget, same windows (`rate-limit.ts`), one write fewer per
 * move; exact under concurrency because the room's write is conditional.
 */
export const chargeSeat = (record: RoomRecord, seat: Seat, limit: RateLimit, now: number): RoomRecord => {
  const window = windowOf(limit, now);
  const meter = record.meters?.[seat];
  const count = meter?.w === window.id ? meter.n : 0;
  if (count >= limit.capacity) throw new RateLimitedError(window.endsAt - now);
  const meters = Array.from({ length: record.seats.length }, (_, index) => record.meters?.[index] ?? null);
  meters[seat] = { w: window.id, n: count + 1 };
  return { ...record, meters };
};
