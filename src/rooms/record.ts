import type { GameStatus, RoomEvent, Seat } from '../protocol';

/** Who holds a seat. The token itself is never stored: only its hash. */
export interface SeatHolder {
  playerId: string;
  name: string;
  tokenHash: string;
  /** The connection playing this seat; null while the player is offline and the seat is reserved. */
  connectionId: string | null;
  /** Verified subject when `$connect` authentication is on. */
  identity?: string;
}

/**
 * Everything about a room that must change atomically, in one item: the game,
 * the seats, `seq`, and the recent events kept for `sync`. Every change is one
 * conditional write on `seq`, which is why no transaction is needed.
 */
export interface RoomRecord {
  room: string;
  game: string;
  /** Seq of the last event; 0 for a room that has seen none. */
  seq: number;
  round: number;
  status: GameStatus;
  turn: Seat | null;
  winner: Seat | null;
  /** Seat that moved first this round; the other one starts the next. */
  firstTurn: Seat;
  board: unknown;
  seats: (SeatHolder | null)[];
  /** Members that hold no seat, counted from the member list at the last write. */
  spectators: number;
  rematch: Seat[];
  /** The most recent events, oldest first, at most `Limits.replayEvents`. */
  events: RoomEvent[];
  updatedAt: number;
}
