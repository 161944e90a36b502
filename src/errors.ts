import { ErrorCodes, type ErrorCode } from './protocol';

/**
 * Every error the server turns into a protocol `error` reply. Anything that is
 * not an `ArenaError` becomes `INTERNAL` with a generic message, so a stack
 * trace or an AWS error text never reaches a client.
 */
export class ArenaError extends Error {
  override readonly name: string = 'ArenaError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class BadRequestError extends ArenaError {
  override readonly name = 'BadRequestError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCodes.BAD_REQUEST, message, options);
  }
}

export class UnknownActionError extends ArenaError {
  override readonly name = 'UnknownActionError';
  constructor(action: string) {
    super(ErrorCodes.UNKNOWN_ACTION, `unknown action ${JSON.stringify(action.slice(0, 64))}`);
  }
}

export class PayloadTooLargeError extends ArenaError {
  override readonly name = 'PayloadTooLargeError';
  constructor(bytes: number, limit: number) {
    super(ErrorCodes.PAYLOAD_TOO_LARGE, `message is ${bytes} bytes; the limit is ${limit}`);
  }
}

export class NotInRoomError extends ArenaError {
  override readonly name = 'NotInRoomError';
  constructor(room: string) {
    super(ErrorCodes.NOT_IN_ROOM, `this connection has not joined room ${room}`);
  }
}

export class NotYourTurnError extends ArenaError {
  override readonly name = 'NotYourTurnError';
  constructor(message = 'it is not your turn') {
    super(ErrorCodes.NOT_YOUR_TURN, message);
  }
}

export class IllegalMoveError extends ArenaError {
  override readonly name = 'IllegalMoveError';
  constructor(message: string) {
    super(ErrorCodes.ILLEGAL_MOVE, message);
  }
}

export class GameOverError extends ArenaError {
  override readonly name = 'GameOverError';
  constructor(message = 'the game is over; ask for a rematch') {
    super(ErrorCodes.GAME_OVER, message);
  }
}

export class RateLimitedError extends ArenaError {
  override readonly name = 'RateLimitedError';
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number, what = 'messages') {
    const ms = Math.max(1, Math.ceil(retryAfterMs));
    super(ErrorCodes.RATE_LIMITED, `too many ${what}; retry in ${ms} ms`);
    this.retryAfterMs = ms;
  }
}

export class RoomFullError extends ArenaError {
  override readonly name = 'RoomFullError';
  constructor(room: string, limit: number) {
    super(ErrorCodes.ROOM_FULL, `room ${room} already has ${limit} members`);
  }
}

export class IdReusedError extends ArenaError {
  override readonly name = 'IdReusedError';
  constructor(id: string) {
    super(ErrorCodes.ID_REUSED, `request id ${JSON.stringify(id)} was already used for a different request; use a new id`);
  }
}

export class AlreadySeatedError extends ArenaError {
  override readonly name = 'AlreadySeatedError';
  constructor(room: string) {
    super(ErrorCodes.ALREADY_SEATED, `this connection plays a seat in room ${room}: leave it first`);
  }
}

export class UnauthorizedError extends ArenaError {
  override readonly name = 'UnauthorizedError';
  constructor(message = 'the token this connection was opened with has expired: reconnect with a fresh one') {
    super(ErrorCodes.UNAUTHORIZED, message);
  }
}

export class ConflictError extends ArenaError {
  override readonly name = 'ConflictError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCodes.CONFLICT, message, options);
  }
}

export class InternalError extends ArenaError {
  override readonly name = 'InternalError';
  constructor(options?: { cause?: unknown }) {
    super(ErrorCodes.INTERNAL, 'internal error; the request was not applied', options);
  }
}

/** `$connect` from an address that already holds as many connections as it may: API Gateway answers the handshake 429. */
export class TooManyConnectionsError extends Error {
  override readonly name = 'TooManyConnectionsError';
  constructor(readonly limit: number) {
    super(`this address already has ${limit} open connections`);
  }
}

/** Raised by the broadcast module before any send when a payload cannot be delivered at all. */
export class PayloadRefusedError extends Error {
  override readonly name = 'PayloadRefusedError';
  constructor(readonly bytes: number, readonly limit: number) {
    super(`refusing to send a ${bytes}-byte message: API Gateway's limit is ${limit} bytes; nothing was sent`);
  }
}

/**
 * Why a broadcast's send to one connection failed at the broadcast's deadline:
 * not sent, not retried, or aborted in flight (that message may have arrived).
 */
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
}

/** Raised at cold start when the environment is incomplete. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Maps any thrown value to the protocol error it should produce. */
export const toArenaError = (error: unknown): ArenaError =>
  error instanceof ArenaError ? error : new InternalError({ cause: error });
