import WebSocket from 'ws';
import { outboundIssues } from '../../src/outbound-schemas';
import type { ClientMessage, RoomEvent, ServerMessage, WelcomeReply } from '../../src/protocol';

/** A frame a player received that is not a protocol message, with why. */
export interface Violation {
  player: string;
  frame: string;
  issues: string[];
}

/** A real `ws` client with an inbox to wait on: the e2e tests' players and `npm run abuse`'s. */
export class WsPlayer {
  /**
   * Every frame any player received, across players, until checked: the e2e
   * suite fails a test that leaves one the outbound schemas refuse
   * (test/support/e2e-conformance.ts), so no message the server really sends
   * strays from the published spec. Checked when taken, not on arrival, so
   * the check costs nothing on the path `npm run bench:load` times.
   */
  private static unchecked: ({ player: string; message: unknown } | { player: string; frame: string; issues: string[] })[] = [];

  /** The frames received since the last call that are not protocol messages, and forgets every frame. */
  static takeViolations(): Violation[] {
    const taken = WsPlayer.unchecked;
    WsPlayer.unchecked = [];
    return taken.flatMap((entry) => {
      if ('issues' in entry) return [{ player: entry.player, frame: entry.frame.slice(0, 500), issues: entry.issues }];
      const issues = outboundIssues(entry.message);
      return issues.length === 0 ? [] : [{ player: entry.player, frame: JSON.stringify(entry.message).slice(0, 500), issues }];
    });
  }

  readonly inbox: ServerMessage[] = [];
  /** Frames that were not a JSON object with a `type`: never a protocol message, so they stay out of the inbox. */
  malformed = 0;
  private waiters: { test: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  private nextId = 0;

  private constructor(
    readonly name: string,
    private readonly socket: WebSocket,
  ) {
    socket.on('message', (data: Buffer) => {
      const frame = data.toString('utf8');
      let message: ServerMessage;
      try {
        message = JSON.parse(frame) as ServerMessage;
      } catch {
        this.malformed++;
        WsPlayer.unchecked.push({ player: name, frame, issues: ['not JSON'] });
        return;
      }
      if (typeof message !== 'object' || message === null || typeof message.type !== 'string') {
        this.malformed++;
        WsPlayer.unchecked.push({ player: name, frame, issues: ['not an object with a type'] });
        return;
      }
      WsPlayer.unchecked.push({ player: name, message });
      this.inbox.push(message);
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.test(message)) return true;
        waiter.resolve(message);
        return false;
      });
    });
  }

  static async connect(url: string, name: string): Promise<WsPlayer> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new WsPlayer(name, socket);
  }

  send(message: ClientMessage | Record<string, unknown> | string): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Sends with a fresh id and waits for the reply that echoes it. */
  async request<T extends ServerMessage = ServerMessage>(message: Record<string, unknown>, timeoutMs = 10_000): Promise<T> {
    const id = `${this.name}-${++this.nextId}`;
    const reply = this.waitFor((m) => 're' in m && m.re === id, timeoutMs, `reply to ${JSON.stringify(message)}`);
    this.send({ ...message, id });
    return (await reply) as T;
  }

  /** Resolves with the first message (already received or future) that passes `test`. */
  async waitFor(test: (m: ServerMessage) => boolean, timeoutMs = 10_000, what = 'a message'): Promise<ServerMessage> {
    const seen = this.inbox.find(test);
    if (seen !== undefined) return seen;
    return await new Promise<ServerMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no ${what} within ${timeoutMs} ms; got ${JSON.stringify(this.inbox.slice(-5))}`)), timeoutMs);
      this.waiters.push({
        test,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  async join(room: string, token?: string): Promise<WelcomeReply> {
    const reply = await this.request<ServerMessage>({ action: 'join', room, name: this.name, ...(token === undefined ? {} : { token }) });
    if (reply.type !== 'welcome') throw new Error(`${this.name} could not join: ${JSON.stringify(reply)}`);
    return reply;
  }

  /** Room events received (with or without `re`), by seq. */
  events(room: string): RoomEvent[] {
    return this.inbox
      .filter((m): m is RoomEvent => 'seq' in m && 'room' in m && m.room === room && m.type !== 'welcome' && m.type !== 'snapshot')
      .sort((a, b) => a.seq - b.seq);
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }

  /** Cuts the TCP connection without a close frame, like a phone losing signal. */
  kill(): void {
    this.socket.terminate();
  }
}
