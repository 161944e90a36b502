import type { ErrorCode } from '../protocol';

/** Failures that happen on the client's side of the wire; the server's own refusals use the protocol's `ErrorCode`. */
export type ClientErrorCode = 'TIMEOUT' | 'CONNECTION_LOST' | 'CLOSED' | 'NOT_JOINED' | 'UNEXPECTED_REPLY';

/** Every error the client rejects a request with. Match on `code`. */
export class ArenaClientError extends Error {
  override readonly name: string = 'ArenaClientError';
  constructor(
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The server refused the request with an `error` reply; `code` is the protocol's. Nothing changed on the server. */
export class ArenaError extends ArenaClientError {
  override readonly name = 'ArenaError';
  declare readonly code: ErrorCode;
  constructor(
    code: ErrorCode,
    message: string,
    /** With RATE_LIMITED: how long until the server admits a request again, in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(code, message);
  }
}

/** No reply came in time. The request may or may not have been applied: the room's events will tell. */
export class RequestTimeoutError extends ArenaClientError {
  override readonly name = 'RequestTimeoutError';
  constructor(action: string, timeoutMs: number) {
    super('TIMEOUT', `no reply to ${action} within ${timeoutMs} ms`);
  }
}

/**
 * The socket closed after the request was sent, and it is not one the client
 * resends (move, chat and rematch are resent after the reconnect instead), or
 * it was queued for a seat the reconnect did not get back. It may have been
 * applied: the resync after reconnecting will tell.
 */
export class ConnectionLostError extends ArenaClientError {
  override readonly name = 'ConnectionLostError';
  constructor(action: string) {
    super('CONNECTION_LOST', `the connection closed before the reply to ${action}`);
  }
}

/** `close()` was called: the client sends nothing more. */
export class ClientClosedError extends ArenaClientError {
  override readonly name = 'ClientClosedError';
  constructor() {
    super('CLOSED', 'the client is closed');
  }
}

/** `move`, `chat`, `leave` and `rematch` need a room: call `join` first. */
export class NotJoinedError extends ArenaClientError {
  override readonly name = 'NotJoinedError';
  constructor(action: string) {
    super('NOT_JOINED', `${action} needs a room: join one first`);
  }
}

/** The server answered with a message of the wrong type; a client and server of different protocol versions. */
export class UnexpectedReplyError extends ArenaClientError {
  override readonly name = 'UnexpectedReplyError';
  constructor(action: string, type: string) {
    super('UNEXPECTED_REPLY', `${action} was answered with "${type}"`);
  }
}
