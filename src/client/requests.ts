import {
  ErrorCodes,
  type Action,
  type ChatEvent,
  type ClientMessage,
  type EventsReply,
  type LeftEvent,
  type LeftReply,
  type MovedEvent,
  type PongReply,
  type RematchEvent,
  type RoomsReply,
  type ServerMessage,
  type SnapshotReply,
  type WelcomeReply,
} from '../protocol';
import { ArenaError, ConnectionLostError, RequestTimeoutError, UnexpectedReplyError } from './errors';

/** What the server answers each action with (docs/protocol.md, "Client to server"). */
export interface ReplyTo {
  join: WelcomeReply;
  create: WelcomeReply;
  quickplay: WelcomeReply;
  rooms: RoomsReply;
  move: MovedEvent;
  chat: ChatEvent;
  sync: EventsReply | SnapshotReply;
  leave: LeftEvent | LeftReply;
  rematch: RematchEvent;
  ping: PongReply;
}

/** The fields of a request of `action`, without the envelope (`action`, `id`). */
export type Fields<A extends Action> = Omit<Extract<ClientMessage, { action: A }>, 'action' | 'id'>;

const EXPECTED: { [A in Action]: readonly ReplyTo[A]['type'][] } = {
  join: ['welcome'],
  create: ['welcome'],
  quickplay: ['welcome'],
  rooms: ['rooms'],
  move: ['moved'],
  chat: ['chat'],
  sync: ['events', 'snapshot'],
  leave: ['left'],
  rematch: ['rematch'],
  ping: ['pong'],
};

/**
 * Requests the server deduplicates by `id` (docs/protocol.md): sent again after
 * a reconnect with the same id and body, a request already applied is answered
 * with its original event and not applied twice, so resending is safe. The
 * others are not resent: create and quick play would open a second room;
 * join, sync and ping are redone by the reconnect itself; and a leave is the
 * caller's to retry, the rejoin showing whether it was applied (the seat token
 * is then refused).
 */
export const RESENDABLE: ReadonlySet<Action> = new Set<Action>(['move', 'chat', 'rematch']);

export interface SendOptions {
  /**
   * Send on the socket now, or fail: for what the client sends while it
   * prepares a new socket (the rejoin, a sync, a ping). Other requests wait in
   * the queue until the connection is open.
   */
  immediate?: boolean;
  /** The player the request is sent as: a queued one is not sent as someone else after a rejoin. */
  owner?: string;
}

export interface RequestsOptions {
  /** Starts every id: keeps this client's ids apart from those of its earlier page loads (see `requestIdPrefix`). */
  prefix: string;
  timeoutMs: number;
  /** Whether queued requests may go out now (the connection is open, the seat taken back). */
  ready: () => boolean;
  /** Sends a frame on the current socket; false when there is none. */
  transmit: (text: string) => boolean;
  /** The player this client is now, if any. */
  owner: () => string | undefined;
  now?: () => number;
}

interface Pending {
  action: Action;
  /** The frame as first sent: a resend is byte for byte the same request. */
  text: string;
  immediate: boolean;
  owner: string | undefined;
  /** Sent on the current socket: its answer may still come on it. */
  sent: boolean;
  /** Sent on a socket that closed before the answer: the next sending is a resend. */
  resend: boolean;
  /** A refused resend waits until then (`retryAfterMs`). */
  notBefore: number;
  timer: ReturnType<typeof setTimeout>;
  resolve: (reply: ServerMessage) => void;
  reject: (error: Error) => void;
}

/**
 * Requests from sending to their answer, matched by the `id` the server echoes
 * as `re`. Each settles exactly once: with its reply, an `ArenaError` for an
 * `error` reply, a timeout, or a lost connection for one that cannot be resent.
 * Requests wait in a queue while the connection is not open; a resendable one
 * whose socket closed goes back to the queue, first in line.
 */
export class PendingRequests {
  private counter = 0;
  private readonly pending = new Map<string, Pending>();
  /** A kind of request refused with RATE_LIMITED is not retried before this (ms). */
  private readonly holds = new Map<Action, number>();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: RequestsOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Sends a request now or once the connection is open; resolves with its answer. */
  async send<A extends Action>(action: A, fields: Fields<A>, options: SendOptions = {}): Promise<ReplyTo[A]> {
    const id = `${this.options.prefix}${++this.counter}`;
    // The envelope last, so no field can pass for `action` or `id`.
    const text = JSON.stringify({ ...fields, action, id });
    const immediate = options.immediate === true;
    const reply = new Promise<ReplyTo[A]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestTimeoutError(action, this.options.timeoutMs));
      }, this.options.timeoutMs);
      this.pending.set(id, { action, text, immediate, owner: options.owner, sent: false, resend: false, notBefore: 0, timer, resolve: resolve as (reply: ServerMessage) => void, reject });
    });
    if (immediate) {
      if (!this.transmit(id)) this.reject(id, new ConnectionLostError(action));
    } else if (this.options.ready()) this.transmit(id);
    return await reply;
  }

  /** Still waiting (not answered, not timed out). */
  has(id: string): boolean {
    return this.pending.has(id);
  }

  /**
   * Settles the request `message` answers; false when it answers none (a plain
   * event, or a reply after its timeout). A resend refused with RATE_LIMITED is
   * not settled: it goes back to the queue until `retryAfterMs` has passed.
   */
  settle(message: ServerMessage): boolean {
    const re = 're' in message ? message.re : undefined;
    const entry = re === undefined ? undefined : this.pending.get(re);
    if (entry === undefined || re === undefined) return false;
    if (message.type === 'error' && message.code === ErrorCodes.RATE_LIMITED && entry.resend && typeof message.retryAfterMs === 'number') {
      entry.sent = false;
      entry.notBefore = this.hold(entry.action, message.retryAfterMs);
      this.armRetry();
      return true;
    }
    this.finish(re, entry);
    if (message.type === 'error') entry.reject(new ArenaError(message.code, message.message, message.retryAfterMs));
    else if ((EXPECTED[entry.action] as readonly string[]).includes(message.type)) entry.resolve(message);
    else entry.reject(new UnexpectedReplyError(entry.action, message.type));
    return true;
  }

  /** Keeps retries of `action` back for `ms` (a RATE_LIMITED answer); returns when they may go again. */
  hold(action: Action, ms: number): number {
    const until = Math.max(this.holds.get(action) ?? 0, this.now() + Math.max(0, ms));
    this.holds.set(action, until);
    return until;
  }

  /** How long retries of `action` must still wait, in ms (0: they may go now). */
  heldFor(action: Action): number {
    return Math.max(0, (this.holds.get(action) ?? 0) - this.now());
  }

  /**
   * Sends what waits in the queue, oldest first, once the connection is open:
   * requests made meanwhile, and the resends. A request queued as another
   * player than the client now is (the rejoin got a new seat, or none) fails
   * instead: it was meant for a seat this client no longer plays.
   */
  flush(): void {
    if (!this.options.ready()) return;
    const owner = this.options.owner();
    const now = this.now();
    for (const [id, entry] of [...this.pending]) {
      if (entry.sent || entry.immediate) continue;
      if (entry.owner !== undefined && entry.owner !== owner) {
        this.reject(id, new ConnectionLostError(entry.action));
        continue;
      }
      if (entry.notBefore > now || (entry.resend && this.heldFor(entry.action) > 0)) continue;
      if (!this.transmit(id)) return;
    }
    this.armRetry();
  }

  /**
   * The socket closed: no answer to what was sent on it will come. Resendable
   * requests go back to the queue (same id, same body); the others fail.
   */
  lost(): void {
    for (const [id, entry] of [...this.pending]) {
      if (!entry.sent) continue;
      if (RESENDABLE.has(entry.action) && !entry.immediate) {
        entry.sent = false;
        entry.resend = true;
      } else this.reject(id, new ConnectionLostError(entry.action));
    }
  }

  /** Rejects one request now. */
  reject(id: string, error: Error): void {
    const entry = this.pending.get(id);
    if (entry === undefined) return;
    this.finish(id, entry);
    entry.reject(error);
  }

  failAll(error: (action: Action) => Error): void {
    clearTimeout(this.retryTimer);
    for (const [id, entry] of [...this.pending]) this.reject(id, error(entry.action));
  }

  private transmit(id: string): boolean {
    const entry = this.pending.get(id);
    if (entry === undefined || !this.options.transmit(entry.text)) return false;
    entry.sent = true;
    return true;
  }

  /** Wakes the queue when the earliest held request may go. */
  private armRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const waiting = [...this.pending.values()].filter((entry) => !entry.sent && entry.resend).map((entry) => Math.max(entry.notBefore, (this.holds.get(entry.action) ?? 0)));
    const next = Math.min(...waiting);
    if (waiting.length === 0 || next <= this.now()) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.flush();
    }, next - this.now());
  }

  private finish(id: string, entry: Pending): void {
    clearTimeout(entry.timer);
    this.pending.delete(id);
  }
}

/**
 * A prefix for request ids unique to this client instance. Ids are the
 * server's idempotency keys for a player for 10 minutes, and a reload takes
 * the same seat back: ids counted from 1 again would be answered with the
 * earlier page's outcomes (or ID_REUSED) instead of being applied.
 */
export const requestIdPrefix = (): string => {
  const bytes = new Uint8Array(6);
  const crypto = (globalThis as { crypto?: { getRandomValues(array: Uint8Array): Uint8Array } }).crypto;
  if (crypto !== undefined) crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return `${Array.from(bytes, (byte) => byte.toString(36).padStart(2, '0')).join('')}-`;
};
