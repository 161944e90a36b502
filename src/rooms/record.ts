import type { Clock, EndReason, GameStatus, RoomEventType, Seat, Visibility } from '../protocol';

/** Who holds a seat. Tokens themselves are never stored: only their hashes. */
export interface SeatHolder {
  playerId: string;
  name: string;
  /**
   * Hashes of the seat tokens that take this seat back: the newest first, and
   * the one presented to get it, which stays valid until the newest has been
   * used once (so a reconnect whose `welcome` was lost still has a token).
   */
  tokens: string[];
  /** The connection playing this seat; null while the player is offline and the seat is reserved. */
  connectionId: string | null;
  /** While offline: when the seat is forfeited if nobody has taken it back (epoch ms). */
  returnBy?: number;
  /** Verified subject when `$connect` authentication is on. */
  identity?: string;
}

/**
 * A state-changing request already applied: a resend of the same `id` is
 * answered with the events of the write that applied it. That write is named
 * by the room `version` it produced (its seq is only known once written: a
 * chat line may take a number between the read and the write).
 */
export interface AppliedRequest {
  playerId: string;
  id: string;
  /** Short hash of the request's body, so a reused `id` with another body is refused, not answered. */
  hash: string;
  version: number;
  at: number;
  /** The first seq that write took, filled in by the store when it reads the room back. */
  seq?: number;
}

/**
 * Everything about a room that must change atomically, kept small on purpose:
 * every write of a room is billed at its size, and a chat line bumps its `seq`.
 * Events are not kept here: each one is an item of its own (see `StoredEvent`).
 *
 * The counters are separate attributes of the stored item so that they can
 * change without a read: `seq` by an atomic increment (a chat line), the
 * member counts and `epoch` when someone comes or goes, and `version` only by
 * a conditional write of the game (a move races only other moves).
 */
export interface RoomRecord {
  room: string;
  game: string;
  visibility: Visibility;
  clock: Clock | null;
  /** How long a seat waits for a player whose connection dropped. */
  reconnectSeconds: number;
  /** Seq of the last event; 0 for a room that has seen none. */
  seq: number;
  /** Incremented by every write of the game state; the condition of those writes. */
  version: number;
  /** Incremented whenever a member comes or goes: tells a writer whether its member list is still true. */
  epoch: number;
  /** Connections in the room, seated or not (capped), and those of them without a seat. */
  members: number;
  spectators: number;
  round: number;
  status: GameStatus;
  reason: EndReason | null;
  winner: Seat | null;
  /** Seat that started this round; the next round starts with the next seat. */
  firstTurn: Seat;
  /** The game's own state (the rules' `State`); it never leaves the server except through the rules' `view`. */
  state: unknown;
  seats: (SeatHolder | null)[];
  rematch: Seat[];
  /** When the current turn runs out, for a room with a clock. */
  deadline: number | null;
  /** Recent state-changing requests, for exactly-once answers to resends (bounded, see `rooms/requests.ts`). */
  applied: AppliedRequest[];
  /**
   * Each seat's message budget for its game requests, charged in the game's
   * own write (see `rooms/seat-meter.ts`): window id and count.
   */
  meters?: ({ w: number; n: number } | null)[];
  /**
   * The events of the last game writes, each with the state it produced: what
   * `sync` replays of the game. They are written in the same conditional write
   * as the state they describe, so no game event can be lost between the two,
   * and they cost no write of their own. Bounded (see `actions/update-game.ts`);
   * chat lines are items of their own (`ports/event-log.ts`).
   */
  window: StoredEvent[];
  createdAt: number;
  updatedAt: number;
}

/**
 * The generic part of a room's state at one event, as stored with the event:
 * what `RoomState` shows, before the rules' view of `state` is applied for
 * a given viewer.
 */
export interface StateAt {
  game: string;
  round: number;
  status: GameStatus;
  reason: EndReason | null;
  winner: Seat | null;
  deadline: number | null;
  clock: Clock | null;
  visibility: Visibility;
  players: { seat: Seat; playerId: string; name: string; online: boolean; returnBy?: number }[];
  spectators: number;
  rematch: Seat[];
  /** The rules' full state: filtered per viewer on the way out. */
  state: unknown;
}

/**
 * An event as it is kept for `sync`: numbered, with the state it produced, and
 * with the move's raw fields (a Battleship fleet): nothing here is sent as is;
 * `rooms/present.ts` turns it into what each viewer may see.
 */
export interface StoredEvent {
  seq: number;
  /** For an event of a game write: the room version that write produced, and the event's place in it. */
  v?: number;
  o?: number;
  type: RoomEventType;
  at: number;
  /** The fields of the event (`playerId`, `seat`, `text`, `requested`, the raw `move`, ...). */
  fields: Record<string, unknown>;
  /** The room after the event, for events that change it. */
  after?: StateAt;
}
