/**
 * Protocol v1: every name that crosses the wire, in one place.
 *
 * This module has no imports on purpose: the browser client bundles it, and the
 * server's schemas (`schemas.ts`) are written against it. `docs/protocol.md` is
 * the human-readable contract; keep both in the same commit.
 */

export const PROTOCOL_VERSION = 2;

/** Client -> server `action` values; each is an API Gateway route key. */
export const Actions = {
  join: 'join',
  create: 'create',
  quickplay: 'quickplay',
  rooms: 'rooms',
  move: 'move',
  chat: 'chat',
  sync: 'sync',
  leave: 'leave',
  rematch: 'rematch',
  ping: 'ping',
} as const;
export type Action = (typeof Actions)[keyof typeof Actions];

/** Events broadcast to a room; each carries `room` and a per-room `seq`. */
export const RoomEventTypes = {
  joined: 'joined',
  left: 'left',
  presence: 'presence',
  moved: 'moved',
  chat: 'chat',
  rematch: 'rematch',
  /** A game ended by the clock or by a player who did not come back (`reason`). */
  ended: 'ended',
} as const;
export type RoomEventType = (typeof RoomEventTypes)[keyof typeof RoomEventTypes];

/** Direct replies, sent only to the connection that asked. */
export const ReplyTypes = {
  welcome: 'welcome',
  events: 'events',
  snapshot: 'snapshot',
  pong: 'pong',
  error: 'error',
  /** The lobby: a page of public rooms. */
  rooms: 'rooms',
  /** A spectator's `leave` is answered with this (a spectator leaving is no room event). */
  left: 'left',
  /** This connection lost its seat to another connection of the same player: nothing more comes from the room. */
  evicted: 'evicted',
} as const;
export type ReplyType = (typeof ReplyTypes)[keyof typeof ReplyTypes];

export const ErrorCodes = {
  BAD_REQUEST: 'BAD_REQUEST',
  UNKNOWN_ACTION: 'UNKNOWN_ACTION',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  NOT_IN_ROOM: 'NOT_IN_ROOM',
  NOT_YOUR_TURN: 'NOT_YOUR_TURN',
  ILLEGAL_MOVE: 'ILLEGAL_MOVE',
  GAME_OVER: 'GAME_OVER',
  RATE_LIMITED: 'RATE_LIMITED',
  CONFLICT: 'CONFLICT',
  /** The room holds as many members as it may (`MAX_ROOM_MEMBERS`). */
  ROOM_FULL: 'ROOM_FULL',
  /** A request `id` reused for a different request within the idempotency window. */
  ID_REUSED: 'ID_REUSED',
  /** Quick play, or creating a room, from a connection that plays a seat elsewhere. */
  ALREADY_SEATED: 'ALREADY_SEATED',
  /** The token this connection was opened with has expired: reconnect with a fresh one. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Limits that both sides must agree on. */
export const Limits = {
  /** Inbound frames above this are refused before parsing (API Gateway's frame size). */
  maxInboundBytes: 32 * 1024,
  /** API Gateway refuses WebSocket messages above 128 KB; we refuse before sending. */
  maxOutboundBytes: 128 * 1024,
  roomPattern: /^[A-Za-z0-9_-]{1,64}$/,
  maxNameLength: 24,
  maxChatLength: 500,
  maxRequestIdLength: 64,
  /** Bounds of a room's turn clock and of the time a seat waits for its player. */
  minTurnSeconds: 2,
  maxTurnSeconds: 7 * 24 * 3600,
  minReconnectSeconds: 5,
  maxReconnectSeconds: 24 * 3600,
  /** Rooms per page of the lobby. */
  lobbyPage: 20,
  /** `sync` replays at most this many events; a client further behind gets a snapshot. */
  replayEvents: 100,
  /** A request `id` stays bound to its outcome this long (resends within it are answered, not applied). */
  idempotencyMs: 10 * 60 * 1000,
} as const;

export type Seat = number;
export type GameStatus = 'waiting' | 'playing' | 'won' | 'draw';
/** Why a game ended: a result on the board, a player who left, the clock, or a player who did not come back. */
export type EndReason = 'win' | 'draw' | 'forfeit' | 'timeout' | 'abandoned';
export type Visibility = 'public' | 'private';
export interface Clock {
  /** Each turn lasts at most this long; when it runs out the player to move loses. */
  turnSeconds: number;
}

export interface PlayerView {
  seat: Seat;
  playerId: string;
  name: string;
  online: boolean;
  /** While offline: when the seat is forfeited if the player has not come back (epoch ms). */
  returnBy?: number;
}

/**
 * What every client sees of a room. Game-specific fields (`board` for Connect
 * Four) sit beside the generic ones.
 */
export interface RoomState {
  game: string;
  /** Increments with every rematch; the first game is round 1. */
  round: number;
  status: GameStatus;
  /** Why the game ended; null while it has not. */
  reason: EndReason | null;
  /** Seats expected to act now (both, in a simultaneous phase). */
  toMove: Seat[];
  /** The one seat to move, when exactly one is; else null. */
  turn: Seat | null;
  winner: Seat | null;
  /** When the turn runs out (epoch ms), for a room with a clock; else null. */
  deadline: number | null;
  clock: Clock | null;
  visibility: Visibility;
  players: PlayerView[];
  spectators: number;
  /** Seats that asked for a rematch of the finished game. */
  rematch: Seat[];
  [gameField: string]: unknown;
}

// ---- client -> server ---------------------------------------------------

interface Request<A extends Action> {
  action: A;
  /**
   * Echoed as `re` in the direct reply. Within a room it is also the
   * request's idempotency key for the player (see docs/protocol.md).
   */
  id?: string;
}
export interface JoinRequest extends Request<'join'> {
  room: string;
  name: string;
  /** A seat token (takes the seat back) or a spectator token (watches again as the same spectator). */
  token?: string;
}
/** The game's own fields sit beside `room` (`column` for Connect Four; see docs/games.md). */
export interface MoveRequest extends Request<'move'> {
  room: string;
  [gameField: string]: unknown;
}
export interface ChatRequest extends Request<'chat'> {
  room: string;
  text: string;
}
export interface SyncRequest extends Request<'sync'> {
  room: string;
  since: number;
}
export interface LeaveRequest extends Request<'leave'> {
  room: string;
}
export interface RematchRequest extends Request<'rematch'> {
  room: string;
}
export type PingRequest = Request<'ping'>;
/** A new room with a server-chosen id, the creator seated; answered with `welcome`. */
export interface CreateRequest extends Request<'create'> {
  game: string;
  name: string;
  clock?: Clock;
  visibility?: Visibility;
  reconnectSeconds?: number;
}
/** A seat in the oldest public room of `game` waiting for a player, or a new one that waits; answered with `welcome`. */
export interface QuickplayRequest extends Request<'quickplay'> {
  game: string;
  name: string;
}
/** A page of the lobby: public rooms of `game` waiting for a player, or being played; answered with `rooms`. */
export interface RoomsRequest extends Request<'rooms'> {
  game: string;
  status: 'waiting' | 'playing';
  cursor?: string;
}

export type ClientMessage =
  | JoinRequest
  | CreateRequest
  | QuickplayRequest
  | RoomsRequest
  | MoveRequest
  | ChatRequest
  | SyncRequest
  | LeaveRequest
  | RematchRequest
  | PingRequest;

// ---- server -> room -----------------------------------------------------

interface EventBase<T extends RoomEventType> {
  type: T;
  room: string;
  seq: number;
  /** Present only on the copy sent to the connection whose message caused the event. */
  re?: string;
}
/** A player sat down (spectators come and go without an event; the count rides on the next state). */
export interface JoinedEvent extends EventBase<'joined'> {
  playerId: string;
  name: string;
  seat: Seat;
  state: RoomState;
}
/** A seated player gave the seat up. */
export interface LeftEvent extends EventBase<'left'> {
  playerId: string;
  seat: Seat;
  state: RoomState;
}
export interface PresenceEvent extends EventBase<'presence'> {
  playerId: string;
  seat: Seat;
  online: boolean;
  state: RoomState;
}
/** The game's own fields of the move (`column` for Connect Four) sit beside `by`. */
export interface MovedEvent extends EventBase<'moved'> {
  by: Seat;
  state: RoomState;
  [gameField: string]: unknown;
}
export interface ChatEvent extends EventBase<'chat'> {
  playerId: string;
  name: string;
  seat: Seat | null;
  text: string;
  /** The room's spectator count at this line (absent on the answer to a resent line). */
  spectators?: number;
}
export interface RematchEvent extends EventBase<'rematch'> {
  /** Seats that have asked; when every seat has, `started` is true and `state` is the new game. */
  requested: Seat[];
  started: boolean;
  state: RoomState;
}
export interface EndedEvent extends EventBase<'ended'> {
  reason: 'timeout' | 'abandoned';
  /** The seats that ran out of time, or did not come back. */
  seats: Seat[];
  state: RoomState;
}
export type RoomEvent = JoinedEvent | LeftEvent | PresenceEvent | MovedEvent | ChatEvent | RematchEvent | EndedEvent;

// ---- server -> sender ---------------------------------------------------

export interface WelcomeReply {
  type: 'welcome';
  re?: string;
  room: string;
  /** `token`: a seat token when you took or reclaimed a seat, a spectator token when you watch. */
  you: { playerId: string; seat: Seat | null; token?: string };
  seq: number;
  state: RoomState;
}
export interface EventsReply {
  type: 'events';
  re?: string;
  room: string;
  events: RoomEvent[];
}
export interface SnapshotReply {
  type: 'snapshot';
  re?: string;
  room: string;
  seq: number;
  state: RoomState;
}
export interface PongReply {
  type: 'pong';
  re?: string;
}
/** A spectator left (a seated player's `leave` is answered with the `left` room event instead). */
export interface LeftReply {
  type: 'left';
  re?: string;
  room: string;
  playerId: string;
  seat: null;
}
export interface LobbyRoom {
  room: string;
  game: string;
  status: 'waiting' | 'playing';
  players: string[];
  spectators: number;
  clock: Clock | null;
}
export interface RoomsReply {
  type: 'rooms';
  re?: string;
  rooms: LobbyRoom[];
  /** Present when there may be more: pass it back as `cursor` for the next page. */
  cursor?: string;
}
export interface EvictedReply {
  type: 'evicted';
  room: string;
  seat: Seat;
  reason: string;
}
export interface ErrorReply {
  type: 'error';
  re?: string;
  code: ErrorCode;
  message: string;
  /** With RATE_LIMITED: when a retry can be admitted, in ms. */
  retryAfterMs?: number;
}
export type Reply = WelcomeReply | EventsReply | SnapshotReply | PongReply | RoomsReply | LeftReply | EvictedReply | ErrorReply;

export type ServerMessage = RoomEvent | Reply;
