import type { Clock, EvictedReply, RoomEvent, RoomState, Seat, Visibility } from '../protocol';
import type { BackoffOptions } from './backoff';
import type { ConnectionState } from './connection';
import type { LockManagerLike } from './seat-store';
import type { SocketConstructor } from './socket';
import type { KeyValueStorage } from './storage';

/** Everything is optional; the defaults suit a browser. */
export interface ClientOptions {
  /** The WebSocket class; by default the platform's, or the `ws` package in Node 20. */
  WebSocket?: SocketConstructor;
  /** Where seat tokens survive a reload; by default `localStorage`, or memory where there is none. */
  storage?: KeyValueStorage;
  /** Web Locks to keep two windows of one browser off each other's seat; by default `navigator.locks`. `null` turns it off. */
  locks?: LockManagerLike | null;
  /** A request without a reply after this long rejects with `RequestTimeoutError`. Default 10 s. */
  requestTimeoutMs?: number;
  /**
   * How long a gap in the event seqs may stay open before the client asks for a `sync`: a random wait in
   * [gapWaitMs, 2 x gapWaitMs), so the clients of a big room that all saw the same gap do not sync at once.
   * Default 500 ms.
   */
  gapWaitMs?: number;
  /** Reconnection delays; default 0.5 s doubling up to 15 s, each with equal jitter. */
  backoff?: Partial<BackoffOptions>;
  /** Failed attempts in a row before the client gives up and turns `closed`. Default: never. */
  maxRetries?: number;
  /** A handshake slower than this is abandoned and retried. Default 10 s. */
  openTimeoutMs?: number;
  /** An idle connection pings this often; API Gateway closes one idle for 10 minutes. Default 5 min, 0 turns it off. */
  keepAliveMs?: number;
  /** The jitter's source of randomness (reconnection delays, gap waits), [0, 1). Default `Math.random`. */
  random?: () => number;
}

export interface You {
  playerId: string;
  /** Your seat, or null while you watch. */
  seat: Seat | null;
}

/** The room as this client knows it. */
export interface RoomView {
  room: string;
  /** The seq of the last event applied. */
  seq: number;
  state: RoomState;
  you: You;
  /** `welcome` after a join, `event` after an event, `snapshot` when a sync replaced events too old to replay. */
  cause: 'welcome' | 'event' | 'snapshot';
}

/** What `on` can subscribe to. */
export interface ClientEvents {
  /** Each room event once, strictly in seq order, including those recovered by a sync. */
  event: RoomEvent;
  /**
   * The room after a join, an event with a state, or a snapshot; `undefined`
   * after `leave()`, and when the client is put out of the room (`evicted`, or
   * a NOT_IN_ROOM answer).
   */
  room: RoomView | undefined;
  connection: ConnectionState;
  /** Another connection of this player took the seat back (another window, another device): this one is out of the room. */
  evicted: EvictedReply;
}

/** What `create` takes; the server's defaults apply to what is left out (private, no clock, 60 s to come back). */
export interface CreateOptions {
  /** A game id: `connect4`, `battleship`. */
  game: string;
  name: string;
  /** Each turn lasts at most `turnSeconds` (5 s to 7 days); the player to move loses when it runs out. */
  clock?: Clock;
  /** `public` rooms are offered to quick play and listed in the lobby. */
  visibility?: Visibility;
  /** How long a seat waits for a player whose connection dropped (5 s to 1 day). */
  reconnectSeconds?: number;
}

/** The game's own fields of a move, beside the `room` the client adds: `{ column: 3 }`, `{ kind: 'shoot', row: 3, column: 7 }`. */
export type MoveFields = Readonly<Record<string, unknown>>;

/** The lobby lists rooms waiting for a player, or being played (to watch). */
export type LobbyStatus = 'waiting' | 'playing';
