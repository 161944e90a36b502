import { backoffDelay, type BackoffOptions } from './backoff';
import { OPEN, resolveSocket, textOf, type SocketConstructor, type SocketLike } from './socket';
import { TaskSet } from './tasks';

/**
 * `connecting` until the first socket is ready, `open` while one is,
 * `reconnecting` after it was lost, `closed` after `close()` or when the
 * retries ran out.
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ConnectionOptions {
  /** A function is called before every attempt, e.g. to put a fresh auth token in the query string. */
  url: string | (() => string | Promise<string>);
  WebSocket: SocketConstructor | undefined;
  backoff: BackoffOptions;
  random: () => number;
  /** Failed attempts in a row before giving up (`closed`). */
  maxRetries: number;
  /** A handshake that takes longer is abandoned and retried. */
  openTimeoutMs: number;
}

export interface ConnectionHooks {
  /**
   * A socket opened. The connection turns `open` once this resolves (after a
   * rejoin and a resync, say); when it rejects, the socket is dropped and retried.
   */
  prepare(reconnecting: boolean): Promise<void>;
  message(text: string): void;
  /** The socket closed: no reply still expected on it will come. */
  lost(): void;
  state(state: ConnectionState): void;
  /** Something no retry can fix (no WebSocket implementation); the connection is closed. */
  fatal(error: Error): void;
}

/** One logical connection over a succession of sockets: reconnects with backoff and jitter until closed. */
export class Connection {
  private socket: SocketLike | undefined;
  private current: ConnectionState = 'connecting';
  private attempt = 0;
  private everOpen = false;
  private closing = false;
  private socketClass: Promise<SocketConstructor> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private openTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly tasks = new TaskSet();

  constructor(
    private readonly options: ConnectionOptions,
    private readonly hooks: ConnectionHooks,
  ) {
    this.tasks.run(() => this.dial());
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** Sends on the current socket; false when there is none open. */
  send(text: string): boolean {
    if (this.socket?.readyState !== OPEN) return false;
    this.socket.send(text);
    return true;
  }

  /** Skips the wait before the next attempt (the browser says it is back online). */
  retryNow(): void {
    if (this.retryTimer === undefined) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.tasks.run(() => this.dial());
  }

  /** Gives up on the current socket at once (a keep-alive found it dead); the usual reconnect follows. */
  drop(): void {
    if (this.socket !== undefined) this.abandon(this.socket);
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.socket !== undefined) this.abandon(this.socket, 1000);
    this.setState('closed');
    await this.tasks.settled();
  }

  private async dial(): Promise<void> {
    this.retryTimer = undefined;
    if (this.closing) return;
    let Socket: SocketConstructor;
    try {
      Socket = await (this.socketClass ??= resolveSocket(this.options.WebSocket));
    } catch (error) {
      this.closing = true;
      this.setState('closed');
      this.hooks.fatal(error as Error);
      return;
    }
    let socket: SocketLike;
    try {
      const { url } = this.options;
      const address = typeof url === 'string' ? url : await url();
      if (this.closing) return;
      socket = new Socket(address);
    } catch {
      // A URL function that failed, or a constructor that threw: both may work on the next attempt.
      this.retryLater();
      return;
    }
    this.socket = socket;
    this.openTimer = setTimeout(() => this.abandon(socket), this.options.openTimeoutMs);
    socket.onopen = () => {
      clearTimeout(this.openTimer);
      this.tasks.run(() => this.opened(socket));
    };
    socket.onmessage = (event: unknown) => {
      const text = textOf(event);
      if (this.socket === socket && text !== undefined) this.hooks.message(text);
    };
    socket.onclose = () => this.closed(socket);
    // Every error is followed by a close, which is where the retry starts.
    socket.onerror = () => {};
  }

  private async opened(socket: SocketLike): Promise<void> {
    try {
      await this.hooks.prepare(this.everOpen);
    } catch {
      if (this.socket === socket) this.abandon(socket);
      return;
    }
    if (this.socket !== socket) return;
    this.attempt = 0;
    this.everOpen = true;
    this.setState('open');
  }

  /** Stops listening to `socket` and closes it, without waiting for a closing handshake a dead network never completes. */
  private abandon(socket: SocketLike, code = 4000): void {
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    try {
      socket.close(code, code === 1000 ? 'client closed' : 'client gave up on this socket');
    } catch {
      // Already closed, or still connecting in an implementation that refuses to close then.
    }
    this.closed(socket);
  }

  private closed(socket: SocketLike): void {
    if (this.socket !== socket) return;
    clearTimeout(this.openTimer);
    this.socket = undefined;
    this.hooks.lost();
    if (!this.closing) this.retryLater();
  }

  private retryLater(): void {
    if (this.attempt >= this.options.maxRetries) {
      this.closing = true;
      this.setState('closed');
      return;
    }
    this.setState(this.everOpen ? 'reconnecting' : 'connecting');
    const delay = backoffDelay(this.attempt++, this.options.backoff, this.options.random);
    this.retryTimer = setTimeout(() => this.tasks.run(() => this.dial()), delay);
  }

  private setState(next: ConnectionState): void {
    if (next === this.current) return;
    this.current = next;
    this.hooks.state(next);
  }
}
