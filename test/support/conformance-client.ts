import Ajv, { type ValidateFunction } from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

/**
 * A minimal client of serverless-arena written from docs/ alone: the JSON
 * Schemas in docs/schemas/ and the rules of docs/protocol.md. It imports
 * nothing from src/ on purpose: if this client needs to guess, the docs are
 * incomplete. Every frame it receives must be text, JSON, and valid against
 * docs/schemas/server/message.json; every request it sends is checked against
 * its docs/schemas/client/ schema first. It applies room events in seq
 * order, fills gaps with `sync` after a random wait, keeps its seat or
 * spectator token, and on reconnect takes the seat back, resends what was
 * unanswered with the same ids, and syncs.
 */

const SCHEMAS = fileURLToPath(new URL('../../docs/schemas/', import.meta.url));

/** Any server message, as the docs describe it: `type`, and for room events `room` and `seq`. */
export interface Message {
  type: string;
  re?: string;
  room?: string;
  seq?: number;
  code?: string;
  retryAfterMs?: number;
  state?: State;
  [field: string]: unknown;
}
export interface State {
  game: string;
  round: number;
  status: string;
  toMove: number[];
  turn: number | null;
  winner: number | null;
  players: { seat: number; playerId: string; name: string; online: boolean; returnBy?: number }[];
  spectators: number;
  [field: string]: unknown;
}

const ajv = new Ajv({ allErrors: true, strict: true });
const compileAll = (dir: string) =>
  new Map<string, ValidateFunction>(readdirSync(dir).map((file) => [file.replace('.json', ''), ajv.compile(JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as object)]));
const requestSchemas = compileAll(`${SCHEMAS}client`);
const serverSchemas = compileAll(`${SCHEMAS}server`);

/**
 * The schema a message must pass: the file named after its `type` (its errors
 * read better than those of the union), `left` without `seq` being the reply;
 * message.json, the union of them all, for a type no file names.
 */
const schemaFor = (message: Message): ValidateFunction => {
  const file = message.type === 'left' && !('seq' in message) ? 'left-reply' : String(message.type);
  return (file !== 'message' && file !== 'room-state' ? serverSchemas.get(file) : undefined) ?? (serverSchemas.get('message') as ValidateFunction);
};

/** Requests the docs make idempotent by `id`: resent with the same id after a reconnect (docs/protocol.md, Guarantees). */
const RESENT_AFTER_RECONNECT = new Set(['move', 'rematch', 'chat']);
/** The docs' gap wait: random in [w, 2w), so a room's members do not all ask at once. */
const GAP_WAIT_MS = 500;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Pending {
  body: Record<string, unknown>;
  resolve: (message: Message) => void;
}

export class ConformanceClient {
  /** Frames that broke the published spec, with why: a test expects none. */
  readonly violations: string[] = [];
  /** Every message received, in arrival order. */
  readonly received: Message[] = [];
  /** Room events in the order applied: by seq, each once. */
  readonly applied: Message[] = [];
  room: string | undefined;
  seat: number | null = null;
  playerId: string | undefined;
  /** The seat or spectator token from the last welcome that carried one. */
  token: string | undefined;
  /** The seq of the last event applied (or of the welcome or snapshot). */
  lastSeq = 0;
  state: State | undefined;
  private socket!: WebSocket;
  private readonly pending = new Map<string, Pending>();
  /** Events not applied yet, per room (those of a room being joined can arrive before its welcome). */
  private readonly early = new Map<string, Map<number, Message>>();
  private gapTimer: ReturnType<typeof setTimeout> | undefined;
  private waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  private nextId = 0;

  private constructor(
    private readonly url: string,
    readonly name: string,
  ) {}

  static async connect(url: string, name: string): Promise<ConformanceClient> {
    const client = new ConformanceClient(url, name);
    await client.open();
    return client;
  }

  private async open(): Promise<void> {
    const socket = new WebSocket(this.url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.on('message', (data: Buffer, isBinary: boolean) => this.onFrame(data, isBinary));
    this.socket = socket;
  }

  private onFrame(data: Buffer, isBinary: boolean): void {
    const text = data.toString('utf8');
    if (isBinary) this.violations.push(`binary frame: ${text.slice(0, 200)}`);
    let message: Message;
    try {
      message = JSON.parse(text) as Message;
    } catch {
      this.violations.push(`not JSON: ${text.slice(0, 200)}`);
      return;
    }
    const conforms = typeof message === 'object' && message !== null ? schemaFor(message) : (serverSchemas.get('message') as ValidateFunction);
    if (!conforms(message)) {
      this.violations.push(`${text.slice(0, 300)}: ${ajv.errorsText(conforms.errors)}`);
      return;
    }
    this.received.push(message);
    if (typeof message.seq === 'number' && message.type !== 'welcome' && message.type !== 'snapshot') this.onEvent(message);
    if (message.type === 'welcome') this.onWelcome(message);
    if (message.type === 'events') (message.events as Message[]).forEach((event) => this.onEvent(event));
    if (message.type === 'snapshot') this.onSnapshot(message);
    if (message.re !== undefined) {
      const pending = this.pending.get(message.re);
      if (pending !== undefined) {
        this.pending.delete(message.re);
        pending.resolve(message);
      }
    }
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.test(message)) return true;
      waiter.resolve(message);
      return false;
    });
  }

  private onWelcome(welcome: Message): void {
    const you = welcome.you as { playerId: string; seat: number | null; token?: string };
    const room = welcome.room as string;
    if (room !== this.room) {
      // A new room: its events numbered after the welcome's seq reach us; earlier ones are in its state.
      for (const other of this.early.keys()) if (other !== room) this.early.delete(other);
      this.room = room;
      this.lastSeq = welcome.seq as number;
      this.state = welcome.state;
    }
    // The same room again (a reconnect): keep the last seq applied, so `sync` replays what was missed.
    this.playerId = you.playerId;
    this.seat = you.seat;
    if (you.token !== undefined) this.token = you.token;
    this.drain();
  }

  private onSnapshot(snapshot: Message): void {
    this.lastSeq = snapshot.seq as number;
    this.state = snapshot.state;
    this.drain();
  }

  /** Events may arrive out of order: apply by seq, hold early ones, ask for a gap after a random wait. */
  private onEvent(event: Message): void {
    const room = event.room as string;
    const held = this.early.get(room) ?? new Map<number, Message>();
    this.early.set(room, held);
    held.set(event.seq as number, event);
    this.drain();
  }

  private drain(): void {
    if (this.room === undefined) return;
    const held = this.early.get(this.room) ?? new Map<number, Message>();
    for (const seq of [...held.keys()]) if (seq <= this.lastSeq) held.delete(seq);
    for (let next = held.get(this.lastSeq + 1); next !== undefined; next = held.get(this.lastSeq + 1)) {
      held.delete(this.lastSeq + 1);
      this.lastSeq += 1;
      if (next.state !== undefined) this.state = next.state;
      this.applied.push(next);
    }
    if (held.size > 0 && this.gapTimer === undefined) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = undefined;
        if (held.size > 0 && this.socket.readyState === WebSocket.OPEN) this.send({ action: 'sync', room: this.room, since: this.lastSeq });
      }, GAP_WAIT_MS * (1 + Math.random()));
    }
  }

  /** A fresh id, unique to this client: ids are idempotency keys, never reused for another request. */
  freshId(): string {
    return `${this.name}-${Date.now().toString(36)}-${++this.nextId}`;
  }

  /** Sends a request valid by its docs/schemas/client schema, and resolves with the message that answers it (`re`). */
  async request(body: Record<string, unknown>, id = this.freshId(), timeoutMs = 10_000): Promise<Message> {
    const message = { ...body, id };
    const schema = requestSchemas.get(String(body.action));
    if (schema === undefined || !schema(message)) throw new Error(`${this.name}: invalid request by docs/schemas/client: ${JSON.stringify(message)} ${ajv.errorsText(schema?.errors)}`);
    const answered = new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no answer to ${JSON.stringify(message)} within ${timeoutMs} ms`)), timeoutMs);
      this.pending.set(id, {
        body: message,
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
      });
    });
    this.send(message);
    return await answered;
  }

  /** Sends anything, unchecked (for refusals). */
  send(frame: Record<string, unknown> | string): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  async join(room: string, token = this.token): Promise<Message> {
    return await this.request({ action: 'join', room, name: this.name, ...(token === undefined ? {} : { token }) });
  }

  async move(fields: Record<string, unknown>, id?: string): Promise<Message> {
    return await this.request({ action: 'move', room: this.room, ...fields }, id);
  }

  async chat(text: string, id?: string): Promise<Message> {
    return await this.request({ action: 'chat', room: this.room, text }, id);
  }

  async sync(): Promise<Message> {
    return await this.request({ action: 'sync', room: this.room, since: this.lastSeq });
  }

  /** Resolves with the first message received (already, or later) that passes `test`. */
  async waitFor(test: (m: Message) => boolean, timeoutMs = 10_000, what = 'a message'): Promise<Message> {
    const seen = this.received.find(test);
    if (seen !== undefined) return seen;
    return await new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no ${what} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        test,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  /** Waits until the event numbered `seq` has been applied. */
  async waitApplied(seq: number, timeoutMs = 10_000): Promise<void> {
    for (let waited = 0; this.lastSeq < seq; waited += 20) {
      if (waited > timeoutMs) throw new Error(`${this.name}: seq ${seq} not applied within ${timeoutMs} ms (at ${this.lastSeq})`);
      await pause(20);
    }
  }

  /**
   * The docs' reconnect: a new socket, `join` with the kept token (without it
   * if the token is refused), the unanswered move/rematch/chat resent with
   * their ids, then `sync` from the last applied seq.
   */
  async reconnect(): Promise<Message> {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.terminate();
    await this.open();
    const room = this.room as string;
    let welcome = await this.join(room);
    if (welcome.type === 'error' && welcome.code === 'BAD_REQUEST' && this.token !== undefined) welcome = await this.join(room, undefined);
    for (const [id, pending] of this.pending) if (RESENT_AFTER_RECONNECT.has(String(pending.body.action))) this.send({ ...pending.body, id });
    await this.sync();
    return welcome;
  }

  /** Cuts the TCP connection without a close frame, like a phone losing signal. */
  kill(): void {
    this.socket.terminate();
  }

  async close(): Promise<void> {
    clearTimeout(this.gapTimer);
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
