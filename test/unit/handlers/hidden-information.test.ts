import { describe, expect, it } from 'vitest';
import { FLEET, type Ship } from '../../../src/games/battleship';
import type { ServerMessage, WelcomeReply } from '../../../src/protocol';
import type { StoredEvent } from '../../../src/rooms/record';
import { findLeaks, truthFrom, type Received } from '../../support/leak-detector';
import { memoryArena, type MemoryArena, type TestPlayer } from '../../support/memory-arena';

/**
 * Seat 0's fleet in rows 0-4, seat 1's in rows 5-9 (each on its own grid): a
 * ship's coordinates alone then say whose it is, which is what the detector
 * needs to judge a message without trusting the views under test.
 */
const FLEET_OF: [Ship[], Ship[]] = [
  FLEET.map((length, row) => ({ row, column: 0, length, direction: 'across' })),
  FLEET.map((length, index) => ({ row: 5 + index, column: 0, length, direction: 'across' })),
];
const cellsToSink = FLEET_OF[1].flatMap((ship) => Array.from({ length: ship.length }, (_, step) => [ship.row, ship.column + step] as const));
/** Seat 1's shots, all missing seat 0's fleet: rows 5-9 of seat 0's grid are empty. */
const misses = Array.from({ length: 50 }, (_, i) => [5 + Math.floor(i / 10), i % 10] as const);

interface Recording {
  arena: MemoryArena;
  room: string;
  /** Who each connection is, by its welcome. */
  seats: Map<string, number | null>;
  logLines: string[];
  /** Every game event the room ever wrote, with its full state: the truth the detector judges by. */
  history: Map<number, StoredEvent>;
}

/**
 * A whole Battleship game through the handlers, every path a state can leave
 * by: players and a spectator from the start, a player whose socket dies
 * mid-game and who comes back and syncs, a spectator who joins late and gets a
 * snapshot (the early events expired), the lobby, and the log lines.
 */
const playRecorded = async (): Promise<Recording> => {
  const arena = memoryArena();
  const logLines: string[] = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) => logLines.push(JSON.stringify({ level, message, ...fields }));
  arena.deps.log = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  // Every game write's events as the store numbered them, full state included (the room keeps only the latest).
  const history = new Map<number, StoredEvent>();
  const write = arena.rooms.write.bind(arena.rooms);
  arena.rooms.write = async (...args) => {
    const counters = await write(...args);
    for (const event of (await arena.rooms.get(args[0].room))?.window ?? []) history.set(event.seq, event);
    return counters;
  };
  const [a, b, s] = [await arena.connect('a'), await arena.connect('b'), await arena.connect('s')];
  await a.send({ action: 'create', game: 'battleship', name: 'Ada', visibility: 'public' });
  const room = a.last('welcome').room;
  await b.send({ action: 'join', room, name: 'Bob' });
  await s.send({ action: 'join', room, name: 'Sam' });
  await a.send({ action: 'move', room, kind: 'place', ships: FLEET_OF[0], id: 'pa' });
  await b.send({ action: 'move', room, kind: 'place', ships: FLEET_OF[1], id: 'pb' });

  let bob: TestPlayer = b;
  for (let turn = 0; turn < cellsToSink.length; turn++) {
    const [row, column] = cellsToSink[turn] as readonly [number, number];
    await a.send({ action: 'move', room, kind: 'shoot', row, column });
    if (a.last().type === 'error') throw new Error(JSON.stringify(a.last()));
    if (turn === cellsToSink.length - 1) break;
    if (turn === 6) {
      // Bob's socket dies; he comes back with his token and asks for what he missed.
      const token = bob.last('welcome').you.token as string;
      const seen = Math.max(...bob.inbox().flatMap((m) => ('seq' in m && typeof m.seq === 'number' ? [m.seq] : [])));
      bob.vanish();
      await a.send({ action: 'chat', room, text: 'still there?' });
      bob = await arena.connect('b2');
      await bob.send({ action: 'join', room, name: 'Bob', token });
      await bob.send({ action: 'sync', room, since: seen, id: 'catch-up' });
    }
    if (turn === 10) {
      // A spectator arrives late, further behind than the room keeps: its sync gets a snapshot.
      const late = await arena.connect('late');
      await late.send({ action: 'join', room, name: 'Lea' });
      await late.send({ action: 'sync', room, since: 0, id: 'all' });
      await late.send({ action: 'rooms', game: 'battleship', status: 'playing' });
    }
    const [mr, mc] = misses[turn] as readonly [number, number];
    await bob.send({ action: 'move', room, kind: 'shoot', row: mr, column: mc });
  }
  const seats = new Map<string, number | null>();
  for (const id of ['a', 'b', 'b2', 's', 'late']) {
    const welcome = arena.gateway.received<ServerMessage>(id).find((m): m is WelcomeReply => m.type === 'welcome');
    seats.set(id, welcome?.you.seat ?? null);
  }
  return { arena, room, seats, logLines, history };
};

const receivedBy = ({ arena, seats }: Recording): Received[] =>
  [...seats.entries()].flatMap(([connectionId, seat]) => arena.gateway.received<Record<string, unknown>>(connectionId).map((message) => ({ connectionId, seat, message })));

const truthOf = ({ history }: Recording) => truthFrom([...history.values()].sort((a, b) => a.seq - b.seq));

describe('hidden information, on every path a state leaves the server', () => {
  it('reveals no unhit ship cell to anyone but its owner before the game ends, and everything after', async () => {
    const recording = await playRecorded();
    const received = receivedBy(recording);
    const truth = truthOf(recording);

    // The game really went down every path: welcome, live events, a sync replay, a snapshot, the lobby.
    const types = new Set(received.map((r) => `${r.connectionId}:${String(r.message.type)}`));
    for (const path of ['a:welcome', 'b:moved', 's:moved', 'b2:welcome', 'b2:events', 'late:welcome', 'late:snapshot', 'late:rooms']) expect(types, path).toContain(path);
    expect(recording.arena.gateway.received<ServerMessage>('a').at(-1)).toMatchObject({ type: 'moved', state: { status: 'won', winner: 0 } });

    expect(findLeaks(received, truth)).toEqual([]);
    // At the end, everyone sees both fleets.
    for (const id of ['b2', 's', 'late']) {
      const state = (recording.arena.gateway.received<{ state?: { fleets?: unknown[] } }>(id).at(-1)?.state ?? {});
      expect(state.fleets?.every((fleet) => Array.isArray(fleet))).toBe(true);
    }
  });

  it('writes no fleet into a log line', async () => {
    const { logLines } = await playRecorded();

    expect(logLines.length).toBeGreaterThan(10);
    for (const line of logLines) expect(line).not.toMatch(/"direction"|"ships"|"fleets"/);
  });

  it.each([
    ['a live event', 'b', 'moved'],
    ['a welcome', 'b2', 'welcome'],
    ['a sync replay', 'b2', 'events'],
    ['a snapshot', 'late', 'snapshot'],
    ['the spectator’s live events', 's', 'moved'],
  ])('catches a leak on %s: the detector is not blind', async (_path, connectionId, type) => {
    const recording = await playRecorded();
    const truth = truthOf(recording);
    const received = receivedBy(recording);
    const victim = received.find((r) => r.connectionId === connectionId && r.message.type === type && !truth(Number(r.message.seq ?? (r.message.events as { seq: number }[] | undefined)?.at(-1)?.seq ?? 0)).over);
    expect(victim, `a ${type} to ${connectionId} during the game`).toBeDefined();
    const owner = recording.seats.get(connectionId) === 0 ? 1 : 0;
    // As if the view had been skipped on this path: the other seat's fleet rides along.
    const leaked = received.map((r) => (r === victim ? { ...r, message: { ...r.message, state: { ...(r.message.state as object), fleets: owner === 1 ? [null, FLEET_OF[1]] : [FLEET_OF[0], null] } } } : r));

    expect(findLeaks(leaked, truth).filter((leak) => leak.connectionId === connectionId).length).toBeGreaterThan(0);
  });
});
