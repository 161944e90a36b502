import type { SocketLike } from '../../../src/client/socket';
import type { RoomState, ServerMessage } from '../../../src/protocol';

/** An in-memory WebSocket the test drives: it opens, answers and drops when told. */
export class FakeSocket implements SocketLike {
  readyState = 0;
  readonly sent: Record<string, unknown>[] = [];
  closedByClient = false;
  onopen: ((event: never) => void) | null = null;
  onmessage: ((event: never) => void) | null = null;
  onclose: ((event: never) => void) | null = null;
  onerror: ((event: never) => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(): void {
    this.closedByClient = true;
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    (this.onopen as ((event: unknown) => void) | null)?.({});
  }

  receive(message: ServerMessage | Record<string, unknown>): void {
    (this.onmessage as ((event: unknown) => void) | null)?.({ data: JSON.stringify(message) });
  }

  /** The network dies: no close frame, just the close event. */
  drop(): void {
    this.readyState = 3;
    (this.onclose as ((event: unknown) => void) | null)?.({ code: 1006, reason: '' });
  }

  /** The last message the client sent with this action. */
  last(action: string): Record<string, unknown> & { id: string } {
    const found = this.sent.findLast((message) => message.action === action);
    if (found === undefined) throw new Error(`no ${action} sent; sent: ${JSON.stringify(this.sent)}`);
    return found as Record<string, unknown> & { id: string };
  }

  sentActions(): unknown[] {
    return this.sent.map((message) => message.action);
  }
}

/** Every socket a client opened, in order. */
export class FakeNetwork {
  readonly sockets: FakeSocket[] = [];
  readonly WebSocket;

  constructor() {
    const sockets = this.sockets;
    this.WebSocket = class extends FakeSocket {
      constructor(url: string) {
        super(url);
        sockets.push(this);
      }
    };
  }

  get last(): FakeSocket {
    const socket = this.sockets.at(-1);
    if (socket === undefined) throw new Error('no socket was opened');
    return socket;
  }
}

export const stateAt = (overrides: Partial<RoomState> = {}): RoomState => ({
  game: 'connect4',
  round: 1,
  status: 'playing',
  reason: null,
  toMove: [0],
  turn: 0,
  winner: null,
  deadline: null,
  clock: null,
  visibility: 'private',
  players: [
    { seat: 0, playerId: 'pA', name: 'Ada', online: true },
    { seat: 1, playerId: 'pB', name: 'Bob', online: true },
  ],
  spectators: 0,
  rematch: [],
  board: Array.from({ length: 6 }, () => Array.from({ length: 7 }, () => null)),
  ...overrides,
});

/** A `moved` event as the server would number it; `turn` marks the state so a test can tell states apart. */
export const moved = (seq: number, room = 'r1', extra: Record<string, unknown> = {}) => ({
  type: 'moved' as const,
  room,
  seq,
  by: seq % 2,
  column: seq % 7,
  state: stateAt({ turn: (seq + 1) % 2, round: seq }),
  ...extra,
});

export const chatEvent = (seq: number, text: string, room = 'r1') => ({ type: 'chat' as const, room, seq, playerId: 'pB', name: 'Bob', seat: 1, text });
