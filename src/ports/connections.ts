import type { Seat } from '../protocol';

/** A WebSocket connection as the server remembers it between invocations. */
export interface ConnectionRecord {
  connectionId: string;
  connectedAt: number;
  /** The room this connection is a member of, if any (at most one), with its player id, name and seat there. */
  room?: string;
  playerId?: string;
  name?: string;
  seat?: Seat | null;
  /**
   * The room this connection is joining or in: the one value a join changes
   * with a compare-and-set, so that concurrent joins from one socket end in
   * one room and one seat at most.
   */
  claim?: string;
  /** Verified subject from the `$connect` token, when authentication is on, and when that token expires. */
  identity?: string;
  authExpiresAt?: number;
  /** The client's address at `$connect` (for the per-address connection cap). */
  address?: string;
  /** Joins and creations are metered apart from messages (GCRA theoretical arrival time, ms). */
  joinTat?: number;
}

export interface RoomMembership {
  room: string;
  playerId: string;
  name: string;
  seat: Seat | null;
}

/** Result of charging one message to a connection's budget. */
export type Admission =
  | { admitted: true; connection: ConnectionRecord }
  | { admitted: false; retryAfterMs: number }
  | { admitted: false; reason: 'unknown' | 'expired' };

export interface RateLimit {
  /** Messages admitted per window... */
  capacity: number;
  /** ...of `capacity / refillPerSecond` seconds: the same average rate as a bucket of `capacity` refilled at this rate. */
  refillPerSecond: number;
}

export interface ConnectionStore {
  add(connection: ConnectionRecord): Promise<void>;
  get(connectionId: string): Promise<ConnectionRecord | undefined>;
  /**
   * Starts a join of `room`: succeeds only while the connection's claim is
   * still `from` (undefined: none), so two joins from one socket cannot both
   * proceed; also stores the join meter. False when another join came first
   * or the connection no longer exists.
   */
  enter(connectionId: string, room: string, from: string | undefined, joinTat: number): Promise<boolean>;
  /** The room accepted the join: the connection is now its member, with this id, name and seat. False if its claim moved on. */
  settle(connectionId: string, membership: RoomMembership): Promise<boolean>;
  /** Gives a claim on `room` back (a refused join) to `to`, if the claim is still `room`. */
  release(connectionId: string, room: string, to: string | undefined): Promise<void>;
  /** The connection is no longer in `room` (it left, or lost its seat to another connection), if it still was. */
  exit(connectionId: string, room: string): Promise<boolean>;
  /** Deletes every listed connection (batched). */
  remove(connectionIds: readonly string[]): Promise<void>;
  /**
   * Charges one message to the connection in a single conditional write,
   * atomically with respect to concurrent invocations, and returns the
   * connection when admitted; refuses an unknown connection or one whose
   * token has expired.
   */
  admit(connectionId: string, limit: RateLimit, nowMs: number): Promise<Admission>;
}
