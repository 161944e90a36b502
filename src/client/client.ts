import {
  ErrorCodes,
  type Action,
  type ChatEvent,
  type EvictedReply,
  type LeftEvent,
  type LeftReply,
  type MovedEvent,
  type RematchEvent,
  type RoomsReply,
  type WelcomeReply,
} from '../protocol';
import { Connection, type ConnectionState } from './connection';
import { Emitter } from './emitter';
import { ArenaError, ClientClosedError, ConnectionLostError, NotJoinedError, RequestTimeoutError } from './errors';
import { isRoomEvent, isServerMessage } from './inbound';
import { Pauses } from './pauses';
import { PendingRequests, RESENDABLE, requestIdPrefix, type Fields, type ReplyTo } from './requests';
import { RoomFollower } from './room-follower';
import { SeatStore, type LockManagerLike } from './seat-store';
import { defaultStorage } from './storage';
import { TaskSet } from './tasks';
import type { ClientEvents, ClientOptions, CreateOptions, LobbyStatus, MoveFields, RoomView } from './types';

export type { ClientEvents, ClientOptions, CreateOptions, LobbyStatus, MoveFields, RoomView, You } from './types';

/** Tries of one request the client retries itself after RATE_LIMITED, each after the wait the server named. */
const RATE_LIMITED_TRIES = 5;

const locksOfThisPage = (): LockManagerLike | undefined => (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;

const isRateLimited = (error: unknown): error is ArenaError & { retryAfterMs: number } =>
  error instanceof ArenaError && error.code === ErrorCodes.RATE_LIMITED && typeof error.retryAfterMs === 'number';

/** A game client over one WebSocket that it keeps alive. Create it with `connect()`. */
export class ArenaClient {
  private readonly emitter = new Emitter<ClientEvents>();
  private readonly requests: PendingRequests;
  private readonly tasks = new TaskSet();
  private readonly pauses = new Pauses();
  private readonly seats: SeatStore;
  private readonly room: RoomFollower;
  private readonly connection: Connection;
  private readonly keepAliveMs: number;
  private syncing = false;
  private closed = false;
  private keepAlive: ReturnType<typeof setInterval> | undefined;

  constructor(url: string | (() => string | Promise<string>), options: ClientOptions = {}) {
    this.keepAliveMs = options.keepAliveMs ?? 300_000;
    this.seats = new SeatStore(options.storage ?? defaultStorage(), options.locks === null ? undefined : (options.locks ?? locksOfThisPage()));
    this.requests = new PendingRequests({
      prefix: requestIdPrefix(),
      timeoutMs: options.requestTimeoutMs ?? 10_000,
      ready: () => this.connection.state === 'open',
      transmit: (text) => this.connection.send(text),
      owner: () => this.room.membership?.you.playerId,
    });
    this.room = new RoomFollower({ waitMs: options.gapWaitMs ?? 500, random: options.random ?? Math.random }, this.emitter, this.seats, () => {
      // While reconnecting, the rejoin resyncs anyway.
      if (this.connection.state === 'open') this.tasks.run(() => this.resync());
    });
    this.connection = new Connection(
      {
        url,
        WebSocket: options.WebSocket,
        backoff: { initialMs: 500, maxMs: 15_000, factor: 2, ...options.backoff },
        random: options.random ?? Math.random,
        maxRetries: options.maxRetries ?? Infinity,
        openTimeoutMs: options.openTimeoutMs ?? 10_000,
      },
      {
        prepare: (reconnecting) => this.prepare(reconnecting),
        message: (text) => this.receive(text),
        lost: () => {
          // A retry waiting on the dead socket's rate limit would otherwise go out on the next socket before its rejoin.
          this.pauses.cancelAll(new ConnectionLostError('a retry'));
          this.requests.lost();
        },
        state: (state) => this.connectionChanged(state),
        fatal: (error) => this.requests.failAll(() => error),
      },
    );
  }

  get connectionState(): ConnectionState {
    return this.connection.state;
  }

  /** The room as of the last event applied; `undefined` before a join and after a leave. */
  get view(): RoomView | undefined {
    return this.room.view;
  }

  /** Subscribes to `event`, `room`, `connection` or `evicted`; returns the function that unsubscribes. */
  on<K extends keyof ClientEvents>(name: K, listener: (value: ClientEvents[K]) => void): () => void {
    return this.emitter.on(name, listener);
  }

  /**
   * Joins `room` as `name`: takes back this browser's seat there (or its
   * place as the same spectator) when it has one (a token refused means it is
   * gone: it then joins afresh), else takes a free seat, else watches. Joining
   * another room leaves this one.
   */
  async join(room: string, name: string): Promise<WelcomeReply> {
    if (this.room.membership?.room === room) {
      // Already in: the server answers with a fresh welcome and the token held stays valid.
      return await this.enter(room, name, undefined, false);
    }
    const saved = await this.seats.claim(room);
    this.room.sequencer.clear(room);
    try {
      return await this.enter(room, name, saved, false);
    } catch (error) {
      // The events of the room this client was in are no longer followed: count it out of every room.
      this.room.leave();
      throw error;
    }
  }

  /**
   * Opens a room of `game` with an id the server chooses and seats you in it,
   * as `join` would. Private unless `visibility: 'public'` (then quick play
   * and the lobby offer it); `clock` limits each turn.
   *
   * @example const { room } = await client.create({ game: 'connect4', name: 'Ada', clock: { turnSeconds: 30 } });
   */
  async create(options: CreateOptions): Promise<WelcomeReply> {
    return await this.enterNew('create', options, options.name);
  }

  /** A seat in the oldest public room of `game` waiting for a player, or a new public room where you wait. */
  async quickplay(game: string, name: string): Promise<WelcomeReply> {
    return await this.enterNew('quickplay', { game, name }, name);
  }

  /** A page of the lobby: public rooms of `game` waiting for a player, or being played. Pass the reply's `cursor` for the next. */
  async rooms(game: string, status: LobbyStatus, cursor?: string): Promise<RoomsReply> {
    return await this.request('rooms', { game, status, ...(cursor === undefined ? {} : { cursor }) });
  }

  /**
   * Plays a move: the game's own fields (`{ column: 3 }` for Connect Four,
   * `{ kind: 'shoot', row: 3, column: 7 }` for Battleship), or a Connect Four
   * column as a number. Resolves with the `moved` event, or rejects with an
   * `ArenaError` such as NOT_YOUR_TURN. If the connection drops meanwhile, the
   * move is sent again (same id) once the seat is back: applied once either way.
   */
  move(column: number): Promise<MovedEvent>;
  move(fields: MoveFields): Promise<MovedEvent>;
  async move(fields: number | MoveFields): Promise<MovedEvent> {
    const game = typeof fields === 'number' ? { column: fields } : fields;
    return await this.request('move', { ...game, room: this.roomFor('move') });
  }

  /** Says `text` to the room. Render what comes back as text, never as HTML. */
  async chat(text: string): Promise<ChatEvent> {
    return await this.request('chat', { room: this.roomFor('chat'), text });
  }

  /** Asks for another game once this one is over; it starts when every player has asked. */
  async rematch(): Promise<RematchEvent> {
    return await this.request('rematch', { room: this.roomFor('rematch') });
  }

  /** Leaves the room on purpose: a seat is given up (a game in progress is forfeited); a spectator just goes. */
  async leave(): Promise<LeftEvent | LeftReply> {
    const membership = this.room.membership;
    const left = await this.request('leave', { room: this.roomFor('leave') });
    if (membership !== undefined && this.room.membership === membership) {
      this.room.leave();
      await this.seats.forget(membership.room, membership.you.playerId);
    }
    return left;
  }

  /** Skips the wait before the next reconnection attempt (e.g. on the browser's `online` event). */
  reconnectNow(): void {
    this.connection.retryNow();
  }

  /**
   * Closes the connection for good. Unlike `leave()`, a seat stays reserved on
   * the server, and this browser can take it back later.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // The socket closes at once; the connection's tasks may be waiting on replies that failAll ends.
    const connectionClosed = this.connection.close();
    this.requests.failAll(() => new ClientClosedError());
    this.pauses.cancelAll(new ClientClosedError());
    await connectionClosed;
    this.room.sequencer.dispose();
    await this.seats.releaseAll();
    await this.tasks.settled();
    this.emitter.clear();
  }

  private roomFor(action: Action): string {
    if (this.room.membership === undefined) throw new NotJoinedError(action);
    return this.room.membership.room;
  }

  private async request<A extends Action>(action: A, fields: Fields<A>, immediate = false): Promise<ReplyTo[A]> {
    if (this.closed) throw new ClientClosedError();
    // A resendable request belongs to the player who made it: after a rejoin as someone else it is not sent.
    const owner = RESENDABLE.has(action) ? this.room.membership?.you.playerId : undefined;
    try {
      return await this.requests.send(action, fields, { immediate, ...(owner === undefined ? {} : { owner }) });
    } catch (error) {
      const room = (fields as { room?: string }).room;
      // The server no longer counts this connection in the room (another window took the seat back): nothing more comes from it.
      if (action !== 'join' && error instanceof ArenaError && error.code === ErrorCodes.NOT_IN_ROOM && room === this.room.membership?.room) this.room.leave();
      throw error;
    }
  }

  private async evicted(message: EvictedReply): Promise<void> {
    const membership = this.room.membership;
    if (membership?.room !== message.room) return;
    this.room.leave();
    this.emitter.emit('evicted', message);
    // The token stays saved (the other connection may be this browser's, with the newer one); the lock goes.
    await this.seats.letGo(membership.room, membership.you.playerId);
  }

  /** Joins with a saved seat's token when there is one, and falls back to a fresh join when the server refuses it. */
  private async enter(room: string, name: string, saved: { playerId: string; token: string } | undefined, immediate: boolean): Promise<WelcomeReply> {
    let welcome: WelcomeReply;
    try {
      welcome = await this.request('join', { room, name, ...(saved === undefined ? {} : { token: saved.token }) }, immediate);
    } catch (error) {
      if (saved === undefined || !(error instanceof ArenaError) || error.code !== ErrorCodes.BAD_REQUEST) throw error;
      // The seat was given up, or its token replaced by a later reclaim: join as a newcomer.
      welcome = await this.request('join', { room, name }, immediate);
      if (welcome.you.playerId !== saved.playerId) await this.seats.forget(room, saved.playerId);
    }
    await this.room.adopt(welcome, name);
    return welcome;
  }

  /** A create or quick play: its welcome names a room not known before, entered as after a join. */
  private async enterNew(action: 'create' | 'quickplay', fields: Fields<'create'> | Fields<'quickplay'>, name: string): Promise<WelcomeReply> {
    this.room.sequencer.expectNewRoom();
    let welcome: WelcomeReply;
    try {
      welcome = await this.request(action, fields);
    } catch (error) {
      // Refused: the server left this client where it was, and so does the client.
      this.room.sequencer.forgetNewRoom();
      throw error;
    }
    await this.room.adopt(welcome, name);
    return welcome;
  }

  /**
   * After a reconnect: take the seat back and fetch what was missed, before
   * the connection counts as open (and the requests the old socket lost are
   * resent). A rejoin refused with RATE_LIMITED waits as told and tries again.
   */
  private async prepare(reconnecting: boolean): Promise<void> {
    const membership = this.room.membership;
    if (!reconnecting || membership === undefined) return;
    const saved = membership.token === undefined ? undefined : { playerId: membership.you.playerId, token: membership.token };
    for (let tries = 1; ; tries++) {
      try {
        await this.enter(membership.room, membership.name, saved, true);
        break;
      } catch (error) {
        if (!isRateLimited(error) || tries >= RATE_LIMITED_TRIES) throw error;
        await this.pauses.wait(error.retryAfterMs);
      }
    }
    if (this.room.sequencer.hasGap) await this.resync();
  }

  /**
   * Asks for every event after the last one applied; applies the events, or
   * the snapshot that replaces them. Refused with RATE_LIMITED, it waits the
   * `retryAfterMs` named before asking again, and so does every sync meanwhile.
   */
  private async resync(): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    try {
      for (let tries = 1; tries <= RATE_LIMITED_TRIES && this.room.sequencer.hasGap; tries++) {
        const held = this.requests.heldFor('sync');
        if (held > 0) await this.pauses.wait(held);
        const room = this.room.membership?.room;
        const since = this.room.sequencer.lastApplied;
        if (room === undefined || since === undefined || !this.room.sequencer.hasGap) return;
        try {
          this.room.applySync(room, await this.request('sync', { room, since }, true));
          return;
        } catch (error) {
          if (!isRateLimited(error)) throw error;
          this.requests.hold('sync', error.retryAfterMs);
        }
      }
    } catch {
      // A lost or slow sync: the gap timer asks again, and a reconnect resyncs anyway.
    } finally {
      this.syncing = false;
      this.room.sequencer.recheck();
    }
  }

  private receive(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (!isServerMessage(message)) return;
    if (message.type === 'evicted') {
      this.tasks.run(() => this.evicted(message));
      return;
    }
    this.requests.settle(message);
    if (isRoomEvent(message)) this.room.sequencer.push(message);
  }

  private connectionChanged(state: ConnectionState): void {
    clearInterval(this.keepAlive);
    this.keepAlive = undefined;
    if (state === 'open') {
      this.requests.flush();
      if (this.keepAliveMs > 0) this.keepAlive = setInterval(() => this.tasks.run(() => this.ping()), this.keepAliveMs);
    }
    this.emitter.emit('connection', state);
  }

  /** Keeps API Gateway from closing an idle socket, and finds a dead one that never reported closing. */
  private async ping(): Promise<void> {
    try {
      await this.request('ping', {}, true);
    } catch (error) {
      if (error instanceof RequestTimeoutError) this.connection.drop();
    }
  }
}
