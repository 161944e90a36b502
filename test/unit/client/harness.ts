import { afterEach, beforeEach, vi } from 'vitest';
import { connect, memoryStorage, type ArenaClient, type ClientOptions, type KeyValueStorage } from '../../../src/client';
import type { RoomEvent, RoomState } from '../../../src/protocol';
import { FakeNetwork, stateAt, type FakeSocket } from './fake-network';

/** Lets promises and zero-delay timers run (fake timers are on in these tests). */
export const flush = async (): Promise<void> => {
  await vi.advanceTimersByTimeAsync(0);
};

export interface Harness {
  net: FakeNetwork;
  client: ArenaClient;
  storage: KeyValueStorage;
  events: RoomEvent[];
  states: string[];
}

/** A client on a fake network, its first socket open. */
export const start = async (options: ClientOptions = {}, storage: KeyValueStorage = memoryStorage()): Promise<Harness> => {
  const net = new FakeNetwork();
  const client = connect('ws://arena.test', { WebSocket: net.WebSocket, storage, locks: null, random: () => 0.5, keepAliveMs: 0, ...options });
  const events: RoomEvent[] = [];
  const states: string[] = [];
  client.on('event', (event) => events.push(event));
  client.on('connection', (state) => states.push(state));
  await flush();
  net.last.open();
  await flush();
  return { net, client, storage, events, states };
};

export interface WelcomeFields {
  room?: string;
  seq?: number;
  seat?: number | null;
  playerId?: string;
  token?: string;
  state?: RoomState;
}

/** Answers the join (or `create`, `quickplay`) the client just sent on `socket` with a welcome. */
export const welcome = (socket: FakeSocket, fields: WelcomeFields = {}, action: 'join' | 'create' | 'quickplay' = 'join'): void => {
  const request = socket.last(action);
  socket.receive({
    type: 'welcome',
    re: request.id,
    room: fields.room ?? (request.room as string),
    you: { playerId: fields.playerId ?? 'pA', seat: fields.seat === undefined ? 0 : fields.seat, ...(fields.token === undefined ? {} : { token: fields.token }) },
    seq: fields.seq ?? 1,
    state: fields.state ?? stateAt(),
  });
};

/** `client.join` answered by a welcome. */
export const joinAs = async (h: Harness, fields: WelcomeFields = {}, room = 'r1', name = 'Ada') => {
  const joined = h.client.join(room, name);
  await flush();
  welcome(h.net.last, fields);
  return await joined;
};

/** Drops the socket, waits the first backoff delay (375 ms at `random: () => 0.5`) and opens the new socket. */
export const reconnect = async (h: Harness): Promise<FakeSocket> => {
  h.net.last.drop();
  await vi.advanceTimersByTimeAsync(375);
  h.net.last.open();
  await flush();
  return h.net.last;
};

/**
 * Fake timers for every test of a file, and the client each test started closed
 * after it (read through `current`, since each test starts its own).
 */
export const useFakeClock = (current: () => Harness | undefined): void => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(async () => {
    await current()?.client.close();
    vi.useRealTimers();
  });
};
