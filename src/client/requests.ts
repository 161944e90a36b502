import type {
  Action,
  ChatEvent,
  EventsReply,
  LeftEvent,
  LeftReply,
  MovedEvent,
  PongReply,
  RematchEvent,
  RoomsReply,
  ServerMessage,
  SnapshotReply,
  WelcomeReply,
} from '../protocol';
import { ArenaError, RequestTimeoutError, UnexpectedReplyError } from './errors';

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

interface Pending {
  action: Action;
  sent: boolean;
  timer: ReturnType<typeof setTimeout>;
  resolve: (reply: ServerMessage) => void;
  reject: (error: Error) => void;
}

/**
 * Requests waiting for their reply, matched by the `id` the server echoes as
 * `re`. Each settles exactly once: with its reply, an `ArenaError` for an
 * `error` reply, or a timeout.
 */
export class PendingRequests {
  private counter = 0;
  private readonly pending = new Map<string, Pending>();

  /** `prefix` keeps ids of different clients apart in logs; the server only echoes them. */
  constructor(private readonly prefix = '') {}

  /** Registers a request; `reply` settles when its answer arrives, or rejects after `timeoutMs`. */
  open<A extends Action>(action: A, timeoutMs: number): { id: string; reply: Promise<ReplyTo[A]> } {
    const id = `${this.prefix}${++this.counter}`;
    const reply = new Promise<ReplyTo[A]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestTimeoutError(action, timeoutMs));
      }, timeoutMs);
      this.pending.set(id, { action, sent: false, timer, resolve: resolve as (reply: ServerMessage) => void, reject });
    });
    return { id, reply };
  }

  /** Still waiting (not answered, not timed out). */
  has(id: string): boolean {
    return this.pending.has(id);
  }

  /** The request went out on the current socket: if that socket closes, no reply can come. */
  markSent(id: string): void {
    const entry = this.pending.get(id);
    if (entry !== undefined) entry.sent = true;
  }

  /** Settles the request `message` answers; false when it answers none (a plain event, or a reply after its timeout). */
  settle(message: ServerMessage): boolean {
    const re = 're' in message ? message.re : undefined;
    const entry = re === undefined ? undefined : this.pending.get(re);
    if (entry === undefined || re === undefined) return false;
    this.finish(re, entry);
    if (message.type === 'error') entry.reject(new ArenaError(message.code, message.message));
    else if ((EXPECTED[entry.action] as readonly string[]).includes(message.type)) entry.resolve(message);
    else entry.reject(new UnexpectedReplyError(entry.action, message.type));
    return true;
  }

  /** Rejects one request now, e.g. when it could not be sent. */
  reject(id: string, error: Error): void {
    const entry = this.pending.get(id);
    if (entry === undefined) return;
    this.finish(id, entry);
    entry.reject(error);
  }

  /** Rejects every request sent on a socket that closed; those not sent yet keep waiting for the next one. */
  failSent(error: (action: Action) => Error): void {
    for (const [id, entry] of this.pending) {
      if (!entry.sent) continue;
      this.finish(id, entry);
      entry.reject(error(entry.action));
    }
  }

  failAll(error: (action: Action) => Error): void {
    for (const [id, entry] of this.pending) {
      this.finish(id, entry);
      entry.reject(error(entry.action));
    }
  }

  private finish(id: string, entry: Pending): void {
    clearTimeout(entry.timer);
    this.pending.delete(id);
  }
}
