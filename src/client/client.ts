import {
  ErrorCodes,
  type Action,
  type ChatEvent,
  type ClientMessage,
  type LeftEvent,
  type LeftReply,
  type MovedEvent,
  type RematchEvent,
  type RoomEvent,
  type WelcomeReply,
} from '../protocol';
import { Connection, type ConnectionState } from './connection';
import { Emitter } from './emitter';
import { ArenaError, ClientClosedError, ConnectionLostError, NotJoinedError, RequestTimeoutError } from './errors';
import { isRoomEvent, isServerMessage } from './inbound';
import { PendingRequests, type ReplyTo } from './requests';
import { SeatStore, type LockManagerLike } from './seat-store';
import { EventSequencer } from './sequencer';
import { defaultStorage } from './storage';
import { TaskSet } from './tasks';
import type { ClientEvents, ClientOptions, RoomView, You } from './types';

export type { ClientEvents, ClientOptions, RoomView, You } from './types';

type Fields<A extends Action> = Omit<Extract<ClientMessage, { action: A }>, 'action' | 'id'>;

interface Membership {
  room: string;
  name: string;
  you: You;
  /** The seat token to take the seat back after a reconnect; none while watching. */
  token: string | undefined;
}

const locksOfThisPage = (): LockManagerLike | undefined => (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;

/** A game client over one WebSocket that it keeps alive. Create it with `connect()`. */
export class ArenaClient {
  private readonly emitter = new Emitter<ClientEvents>();
  private readonly requests = new PendingRequests();
  private readonly tasks = new TaskSet();
  private readonly sequencer: EventSequencer;
  private readonly seats: SeatStore;
  private readonly connection: Connection;
  private readonly requestTimeoutMs: number;
  private readonly keepAliveMs: number;
  private membership: Membership | undefined;
  private current: RoomView | undefined;
  private outbox: { id: string; action: Action; text: string }[] = [];
  private syncing = false;
  private closed = false;
  private keepAlive: ReturnType<typeof setInterval> | undefined;

  constructor(url: string | (() => string | Promise<string>), options: ClientOptions = {}) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.keepAliveMs = options.keepAliveMs ?? 300_000;
    this.seats = new SeatStore(options.storage ?? defaultStorage(), options.locks === null ? undefined : (options.locks ?? locksOfThisPage()));
    this.sequencer = new EventSequencer({ waitMs: options.gapWaitMs ?? 500, random: options.random ?? Math.random }, {
      deliver: (event) => this.deliver(event),
      gap: () => {
        // While reconnecting, the rejoin resyncs anyway.
        if (this.connection.state === 'open') this.tasks.run(() => this.resync());
      },
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
        lost: () => this.requests.failSent((action) => new ConnectionLostError(action)),
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
    return this.current;
  }

  /** Subscribes to `event`, `room` or `connection`; returns the function that unsubscribes. */
  on<K extends keyof ClientEvents>(name: K, listener: (value: ClientEvents[K]) => void): () => void {
    return this.emitter.on(name, listener);
  }

  /**
   * Joins `room` as `name`: takes back this browser's seat there when it has
   * one (the token refused means the seat is gone: it then joins afresh),
   * else takes a free seat, else watches. Joining another room leaves this one.
   */
  async join(room: string, name: string): Promise<WelcomeReply> {
    if (this.membership?.room === room) {
      // Already in: the server answers with a fresh welcome and the token held stays valid.
      return await this.enter(room, name, undefined, false);
    }
    const saved = await this.seats.claim(room);
    this.sequencer.clear(room);
    try {
      return await this.enter(room, name, saved, false);
    } catch (error) {
      // The server has left the previous room before refusing this one.
      this.membership = undefined;
      this.publish(undefined);
      throw error;
    }
  }

  /** Drops a disc in `column` (0-6). Resolves with the `moved` event, or rejects with an `ArenaError` such as NOT_YOUR_TURN. */
  async move(column: number): Promise<MovedEvent> {
    return await this.request('move', { room: this.roomFor('move'), column });
  }

  /** Says `text` to the room. Render what comes back as text, never as HTML. */
  async chat(text: string): Promise<ChatEvent> {
    return await this.request('chat', { room: this.roomFor('chat'), text });
  }

  /** Asks for another game once this one is won or drawn; it starts when both players have asked. */
  async rematch(): Promise<RematchEvent> {
    return await this.request('rematch', { room: this.roomFor('rematch') });
  }

  /** Leaves the room on purpose: a seat is given up (a game in progress is forfeited); a spectator just goes. */
  async leave(): Promise<LeftEvent | LeftReply> {
    const membership = this.membership;
    const left = await this.request('leave', { room: this.roomFor('leave') });
    if (membership !== undefined && this.membership === membership) {
      this.displaced();
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
    await connectionClosed;
    this.sequencer.dispose();
    await this.seats.releaseAll();
    await this.tasks.settled();
    this.emitter.clear();
  }

  private roomFor(action: Action): string {
    if (this.membership === undefined) throw new NotJoinedError(action);
    return this.membership.room;
  }

  private async request<A extends Action>(action: A, fields: Fields<A>, immediate = false): Promise<ReplyTo[A]> {
    if (this.closed) throw new ClientClosedError();
    const { id, reply } = this.requests.open(action, this.requestTimeoutMs);
    const text = JSON.stringify({ action, ...fields, id });
    if (immediate) {
      if (!this.transmit(id, text)) this.requests.reject(id, new ConnectionLostError(action));
    } else if (this.connection.state !== 'open' || !this.transmit(id, text)) {
      // Sent once the connection is (back) open, if that happens before the request times out.
      this.outbox.push({ id, action, text });
    }
    try {
      return await reply;
    } catch (error) {
      const room = (fields as { room?: string }).room;
      if (action !== 'join' && error instanceof ArenaError && error.code === ErrorCodes.NOT_IN_ROOM && room === this.membership?.room) this.displaced();
      throw error;
    }
  }

  /**
   * The server no longer counts this connection in the room: another tab took
   * the seat back with its token. Nothing more will arrive from the room, so
   * say so rather than show a board that silently stopped moving.
   */
  private displaced(): void {
    this.membership = undefined;
    this.sequencer.clear(undefined);
    this.publish(undefined);
  }

  private transmit(id: string, text: string): boolean {
    if (!this.connection.send(text)) return false;
    this.requests.markSent(id);
    return true;
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
    await this.adopt(welcome, name);
    return welcome;
  }

  private async adopt(welcome: WelcomeReply, name: string): Promise<void> {
    const previous = this.membership;
    const sameSeat = previous?.room === welcome.room && previous.you.playerId === welcome.you.playerId;
    const you = { playerId: welcome.you.playerId, seat: welcome.you.seat };
    this.membership = { room: welcome.room, name, you, token: welcome.you.token ?? (sameSeat ? previous.token : undefined) };
    if (previous !== undefined && previous.room !== welcome.room) await this.seats.forget(previous.room, previous.you.playerId);
    if (welcome.you.token !== undefined) await this.seats.save(welcome.room, { playerId: you.playerId, token: welcome.you.token });

    const applied = this.sequencer.lastApplied;
    const shown = this.current;
    if (previous?.room === welcome.room && shown !== undefined && applied !== undefined && welcome.seq >= applied) {
      // Back in the same room: the events missed meanwhile come from a sync, so nothing is skipped.
      this.publish({ ...shown, you, cause: 'welcome' });
      this.sequencer.expect(welcome.seq);
    } else {
      this.publish({ room: welcome.room, seq: welcome.seq, state: welcome.state, you, cause: 'welcome' });
      this.sequencer.reset(welcome.seq);
    }
  }

  /** After a reconnect: take the seat back and fetch what was missed, before the connection counts as open. */
  private async prepare(reconnecting: boolean): Promise<void> {
    const membership = this.membership;
    if (!reconnecting || membership === undefined) return;
    const saved = membership.token === undefined ? undefined : { playerId: membership.you.playerId, token: membership.token };
    await this.enter(membership.room, membership.name, saved, true);
    if (this.sequencer.hasGap) await this.resync();
  }

  /** Asks for every event after the last one applied; applies the events, or the snapshot that replaces them. */
  private async resync(): Promise<void> {
    const room = this.membership?.room;
    const since = this.sequencer.lastApplied;
    if (this.syncing || room === undefined || since === undefined) return;
    this.syncing = true;
    try {
      const reply = await this.request('sync', { room, since }, true);
      if (reply.room !== this.sequencer.currentRoom || this.membership === undefined) return;
      if (reply.type === 'events') {
        for (const event of reply.events) this.sequencer.push(event);
      } else {
        this.publish({ room, seq: reply.seq, state: reply.state, you: this.membership.you, cause: 'snapshot' });
        this.sequencer.reset(reply.seq);
      }
    } catch {
      // A lost or slow sync: the gap timer asks again, and a reconnect resyncs anyway.
    } finally {
      this.syncing = false;
      this.sequencer.recheck();
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
    this.requests.settle(message);
    if (isRoomEvent(message)) this.sequencer.push(message);
  }

  private deliver(event: RoomEvent): void {
    this.emitter.emit('event', event);
    const membership = this.membership;
    if (membership === undefined || this.current === undefined) return;
    if ('state' in event) this.publish({ room: event.room, seq: event.seq, state: event.state, you: membership.you, cause: 'event' });
    else if (typeof event.spectators === 'number' && event.spectators !== this.current.state.spectators) {
      // Spectators come and go without an event: their count rides on the next one, a chat line included.
      this.publish({ ...this.current, seq: event.seq, state: { ...this.current.state, spectators: event.spectators }, cause: 'event' });
    } else this.current = { ...this.current, seq: event.seq };
  }

  private publish(view: RoomView | undefined): void {
    this.current = view;
    this.emitter.emit('room', view);
  }

  private connectionChanged(state: ConnectionState): void {
    clearInterval(this.keepAlive);
    this.keepAlive = undefined;
    if (state === 'open') {
      const queued = this.outbox;
      this.outbox = [];
      for (const entry of queued) {
        if (this.requests.has(entry.id) && !this.transmit(entry.id, entry.text)) this.outbox.push(entry);
      }
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
