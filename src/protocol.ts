/**
 * Protocol v1: every name that crosses the wire, in one place.
 *
 * This module has no imports on purpose: the browser client bundles it, and the
 * server's schemas (`schemas.ts`) are written against it. `docs/protocol.md` is
 * the human-readable contract; keep both in the same commit.
 */

export const PROTOCOL_VERSION = 1;

/** Client -> server `action` values; each is an API Gateway route key. */
export const Actions = {
  join: 'join',
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
} as const;
export type RoomEventType = (typeof RoomEventTypes)[keyof typeof RoomEventTypes];

/** Direct replies, sent only to the connection that asked. */
export const ReplyTypes = {
  welcome: 'welcome',
  events: 'events',
  snapshot: 'snapshot',
  pong: 'pong',
  error: 'error',
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
  /** The server keeps at least this many recent events per room for `sync`. */
  replayEvents: 100,
} as const;

export type Seat = number;
export type GameStatus = 'waiting' | 'playing' | 'won' | 'draw';

export interface PlayerView {
  seat: Seat;
  playerId: string;
  name: string;
  online: boolean;
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
  turn: Seat | null;
  winner: Seat | null;
  players: PlayerView[];
  spectators: number;
  /** Seats that asked for a rematch of the finished game. */
  rematch: Seat[];
  [gameField: string]: unknown;
}

// ---- client -> server ---------------------------------------------------

interface Request<A extends Action> {
  action: A;
  /** Echoed as `re` in the direct reply. */
  id?: string;
}
export interface JoinRequest extends Request<'join'> {
  room: string;
  name: string;
  token?: string;
}
export interface MoveRequest extends Request<'move'> {
  room: string;
  column: number;
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

export type ClientMessage =
  | JoinRequest
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
export interface JoinedEvent extends EventBase<'joined'> {
  playerId: string;
  name: string;
  seat: Seat | null;
  state: RoomState;
}
export interface LeftEvent extends EventBase<'left'> {
  playerId: string;
  seat: Seat | null;
  state: RoomState;
}
export interface PresenceEvent extends EventBase<'presence'> {
  playerId: string;
  seat: Seat;
  online: boolean;
  state: RoomState;
}
export interface MovedEvent extends EventBase<'moved'> {
  by: Seat;
  column: number;
  state: RoomState;
}
export interface ChatEvent extends EventBase<'chat'> {
  playerId: string;
  name: string;
  seat: Seat | null;
  text: string;
}
export interface RematchEvent extends EventBase<'rematch'> {
  /** Seats that have asked; when both have, `started` is true and `state` is the new game. */
  requested: Seat[];
  started: boolean;
  state: RoomState;
}
export type RoomEvent = JoinedEvent | LeftEvent | PresenceEvent | MovedEvent | ChatEvent | RematchEvent;

// ---- server -> sender ---------------------------------------------------

export interface WelcomeReply {
  type: 'welcome';
  re?: string;
  room: string;
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
export interface ErrorReply {
  type: 'error';
  re?: string;
  code: ErrorCode;
  message: string;
}
export type Reply = WelcomeReply | EventsReply | SnapshotReply | PongReply | ErrorReply;

export type ServerMessage = RoomEvent | Reply;
