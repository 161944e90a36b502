/** A WebSocket connection as the server remembers it between invocations. */
export interface ConnectionRecord {
  connectionId: string;
  connectedAt: number;
  /** The room this connection joined, if any: it is in at most one. */
  room?: string;
  /** Its player id and name in that room. */
  playerId?: string;
  name?: string;
  /** Verified subject from the `$connect` token, when authentication is on. */
  identity?: string;
}

export interface RoomMembership {
  room: string;
  playerId: string;
  name: string;
}

/** Result of charging one message to a connection's token bucket. */
export type Admission =
  | { admitted: true; connection: ConnectionRecord }
  | { admitted: false; retryAfterMs: number }
  | { admitted: false; unknown: true };

export interface RateLimit {
  capacity: number;
  refillPerSecond: number;
}

export interface ConnectionStore {
  add(connection: ConnectionRecord): Promise<void>;
  get(connectionId: string): Promise<ConnectionRecord | undefined>;
  /**
   * Records which room the connection is in (`undefined`: none). Resolves to
   * false, writing nothing, when the connection no longer exists.
   */
  setRoom(connectionId: string, membership: RoomMembership | undefined): Promise<boolean>;
  /** Deletes every listed connection (batched). */
  remove(connectionIds: readonly string[]): Promise<void>;
  /**
   * Takes one token from the connection's bucket (`capacity` tokens, refilled
   * at `refillPerSecond`), atomically with respect to concurrent invocations,
   * and returns the connection when admitted.
   */
  admit(connectionId: string, limit: RateLimit, nowMs: number): Promise<Admission>;
}
