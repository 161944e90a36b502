/**
 * The serverless-arena client: one WebSocket to the game API, kept alive.
 *
 * - Every request settles with the server's reply to it (matched by `id`), or
 *   rejects: `ArenaError` carries the protocol's `code` (NOT_YOUR_TURN, ...,
 *   and `retryAfterMs` with RATE_LIMITED), `RequestTimeoutError` and
 *   `ConnectionLostError` say the reply never came.
 * - Moves, chat lines and rematch requests in flight when the socket drops are
 *   sent again (same id, which the server deduplicates) once the seat is back,
 *   and settle with their original outcome: applied once, never lost.
 * - Room events reach subscribers once each, in seq order: early ones wait for
 *   the missing ones, and a gap that stays open is filled with a `sync`.
 * - A dropped socket is reopened with exponential backoff and jitter; the
 *   client takes its seat back with its token and resyncs before it reports
 *   `open` again. Seat and spectator tokens also survive a reload
 *   (`localStorage`). Retries the client makes itself (a resend, a rejoin, a
 *   sync) wait out a RATE_LIMITED refusal's `retryAfterMs`.
 * - `evicted`: another connection of this player took the seat back; the
 *   client is then in no room (`room` is `undefined`).
 *
 * Imports nothing from the server but `src/protocol.ts`; runs in browsers and
 * in Node (with the `ws` package, found by itself or passed as `WebSocket`).
 *
 * @example
 * ```ts
 * import { connect, ArenaError } from './client';
 *
 * const client = connect('ws://localhost:3001');
 * client.on('connection', (state) => console.log('connection', state)); // connecting, open, reconnecting, closed
 * client.on('room', (view) => view && console.log(view.state.status, 'turn', view.state.turn));
 * client.on('event', (event) => event.type === 'chat' && console.log(`${event.name}: ${event.text}`));
 *
 * const welcome = await client.join('r1', 'Ada'); // or client.create({ game: 'connect4', name: 'Ada' }), client.quickplay('connect4', 'Ada')
 * if (welcome.you.seat !== null) {
 *   try {
 *     await client.move({ column: 3 }); // Battleship: client.move({ kind: 'shoot', row: 3, column: 7 })
 *   } catch (error) {
 *     if (error instanceof ArenaError && error.code === 'NOT_YOUR_TURN') console.log('wait for your turn');
 *     else throw error;
 *   }
 * }
 * await client.chat('good luck');
 * await client.close(); // the seat stays yours: join again later to take it back
 * ```
 */
import { ArenaClient, type ClientOptions } from './client';

export const connect = (url: string | (() => string | Promise<string>), options: ClientOptions = {}): ArenaClient => {
  if (typeof url === 'string') assertWebSocketUrl(url);
  return new ArenaClient(url, options);
};

const assertWebSocketUrl = (url: string): void => {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new TypeError(`not a URL: ${JSON.stringify(url)}`);
  }
  if (protocol !== 'ws:' && protocol !== 'wss:') throw new TypeError(`a WebSocket URL starts with ws:// or wss://, got ${JSON.stringify(url)}`);
};

export { ArenaClient, type ClientEvents, type ClientOptions, type CreateOptions, type LobbyStatus, type MoveFields, type RoomView, type You } from './client';
export type { ConnectionState } from './connection';
export type { BackoffOptions } from './backoff';
export { backoffDelay } from './backoff';
export { ArenaClientError, ArenaError, ClientClosedError, ConnectionLostError, NotJoinedError, RequestTimeoutError, UnexpectedReplyError, type ClientErrorCode } from './errors';
export type { LockManagerLike, SavedSeat } from './seat-store';
export type { SocketConstructor, SocketLike } from './socket';
export { memoryStorage, type KeyValueStorage } from './storage';
