import { describe, expect, it, vi } from 'vitest';
import { InProcessTimerQueue } from '../../../src/adapters/memory/timer-queue';
import type { RoomTimer } from '../../../src/ports/timers';
import { fireTimer } from '../../../src/timers/fire';
import type { EndedEvent, RoomEvent, ServerMessage } from '../../../src/protocol';
import { newRoomId } from '../../../src/rooms/seat-tokens';
import { memoryArena, type TestPlayer } from '../../support/memory-arena';

const last = <T extends ServerMessage['type']>(player: TestPlayer, type: T) => player.last(type);
const events = (player: TestPlayer): RoomEvent[] => player.inbox().filter((m): m is RoomEvent => 'seq' in m && m.type !== 'welcome' && m.type !== 'snapshot');

/** Ada creates a room with a clock; Bob takes the other seat; Sam watches. */
const clockedGame = async (turnSeconds = 30, reconnectSeconds?: number) => {
  const arena = memoryArena();
  const [a, b, s] = [await arena.connect('a'), await arena.connect('b'), await arena.connect('s')];
  await a.send({ action: 'create', game: 'connect4', name: 'Ada', clock: { turnSeconds }, visibility: 'public', ...(reconnectSeconds === undefined ? {} : { reconnectSeconds }), id: 'c' });
  const room = last(a, 'welcome').room;
  await b.send({ action: 'join', room, name: 'Bob' });
  await s.send({ action: 'join', room, name: 'Sam' });
  return { arena, a, b, s, room };
};

describe('turn clocks', () => {
  it('creates a room with a server-chosen id, the creator seated, the clock and visibility as asked', async () => {
    const { a, b, room } = await clockedGame();

    // The memory world draws ids in sequence; production draws 10 random characters (newRoomId).
    expect(room).toMatch(/^room\d+$/);
    expect(newRoomId()).toMatch(/^[A-Za-z0-9_-]{10}$/);
    expect(last(a, 'welcome')).toMatchObject({ re: 'c', you: { seat: 0 }, state: { clock: { turnSeconds: 30 }, visibility: 'public', status: 'waiting', deadline: null } });
    expect(last(b, 'welcome').state).toMatchObject({ status: 'playing', toMove: [0], deadline: 1_700_000_000_000 + 30_000 });
  });

  it('ends the game when the turn runs out: the other seat wins, by timeout, and everyone hears why', async () => {
    const { arena, a, b, s } = await clockedGame();

    await arena.elapse(29_999);
    expect(events(s).some((e) => e.type === 'ended')).toBe(false);
    await arena.elapse(1);

    for (const player of [a, b, s]) {
      const ended: EndedEvent = last(player, 'ended');
      expect(ended).toMatchObject({ reason: 'timeout', seats: [0], state: { status: 'won', winner: 1, reason: 'timeout', deadline: null } });
    }
  });

  it('renews the deadline with every move, and a timer for a turn already played does nothing', async () => {
    const { arena, a, b, s, room } = await clockedGame();
    arena.advance(20_000);
    await a.send({ action: 'move', room, column: 3 });
    expect(last(b, 'moved').state.deadline).toBe(1_700_000_000_000 + 20_000 + 30_000);
    const before = s.inbox().length;

    await arena.elapse(10_000); // the first turn's timer fires: that turn was played
    expect(s.inbox()).toHaveLength(before);

    await arena.elapse(20_000); // Bob's turn runs out
    expect(last(s, 'ended')).toMatchObject({ reason: 'timeout', seats: [1], state: { winner: 0 } });
  });

  it('never lets a game outlive its deadline when the timer is lost: the next action ends it first', async () => {
    const { arena, a, b, s, room } = await clockedGame();
    arena.timers.scheduled.length = 0; // the timer never arrives
    arena.advance(31_000);

    await a.send({ action: 'move', room, column: 3, id: 'late' });

    expect(last(a, 'error')).toMatchObject({ re: 'late', code: 'GAME_OVER' });
    for (const player of [a, b, s]) expect(last(player, 'ended')).toMatchObject({ reason: 'timeout', seats: [0] });
  });

  it('ends it on a sync too, and on a chat line', async () => {
    const { arena, s, room } = await clockedGame();
    arena.timers.scheduled.length = 0;
    arena.advance(31_000);

    await s.send({ action: 'sync', room, since: 0, id: 'sync' });

    expect(last(s, 'ended')).toMatchObject({ reason: 'timeout' });

    const second = await clockedGame();
    second.arena.timers.scheduled.length = 0;
    second.arena.advance(31_000);
    await second.b.send({ action: 'chat', room: second.room, text: 'still there?' });
    expect(last(second.s, 'ended')).toMatchObject({ reason: 'timeout' });
  });

  it('refuses a clock outside 2 s to 7 days and an unknown game, changing nothing', async () => {
    const arena = memoryArena();
    const a = await arena.connect('a');
    for (const [message, pattern] of [
      [{ action: 'create', game: 'connect4', name: 'Ada', clock: { turnSeconds: 1 } }, /turnSeconds must be 2-604800/],
      [{ action: 'create', game: 'connect4', name: 'Ada', clock: { turnSeconds: 604_801 } }, /turnSeconds must be 2-604800/],
      [{ action: 'create', game: 'chess', name: 'Ada' }, /game must be one of: connect4, battleship/],
      [{ action: 'create', game: 'connect4', name: 'Ada', reconnectSeconds: 1 }, /reconnectSeconds must be 5-86400/],
    ] as const) {
      await a.send({ ...message, id: 'x' });
      expect(last(a, 'error')).toMatchObject({ re: 'x', code: 'BAD_REQUEST', message: expect.stringMatching(pattern) });
    }
    expect(arena.rooms.all()).toEqual([]);
  });
});

describe('seat deadlines', () => {
  it('keeps a dropped seat for reconnectSeconds, then forfeits it: abandoned, the seat freed', async () => {
    const { arena, a, b, s } = await clockedGame(600, 20);

    await b.close();
    expect(last(a, 'presence')).toMatchObject({ seat: 1, online: false, state: { players: [{ seat: 0 }, { seat: 1, online: false, returnBy: 1_700_000_000_000 + 20_000 }] } });
    await arena.elapse(19_999);
    expect(events(s).some((e) => e.type === 'ended')).toBe(false);
    await arena.elapse(1);

    expect(last(s, 'ended')).toMatchObject({ reason: 'abandoned', seats: [1], state: { status: 'won', winner: 0, reason: 'abandoned' } });
    expect(last(s, 'left')).toMatchObject({ seat: 1, state: { players: [{ seat: 0 }] } });
  });

  it('lets a player back within the time play on, and its old timer then does nothing', async () => {
    const { arena, a, b, s, room } = await clockedGame(600, 20);
    const token = last(b, 'welcome').you.token as string;
    await b.close();
    arena.advance(10_000);

    const b2 = await arena.connect('b2');
    await b2.send({ action: 'join', room, name: 'Bob', token });
    expect(last(b2, 'welcome').you.seat).toBe(1);
    const before = s.inbox().length;
    await arena.elapse(20_000);

    expect(s.inbox()).toHaveLength(before);
    await a.send({ action: 'move', room, column: 0 });
    await b2.send({ action: 'move', room, column: 1, id: 'on' });
    expect(last(b2, 'moved')).toMatchObject({ re: 'on', by: 1 });
  });

  it("never announces a displaced connection's late $disconnect as its player leaving", async () => {
    const { arena, a, b, s, room } = await clockedGame(600, 20);
    const token = last(b, 'welcome').you.token as string;
    const b2 = await arena.connect('b2');
    await b2.send({ action: 'join', room, name: 'Bob', token });
    const before = [a.inbox().length, s.inbox().length];

    await b.close();
    await arena.elapse(60_000);

    expect([a.inbox().length, s.inbox().length]).toEqual(before);
    expect((await arena.rooms.get(room))?.seats[1]?.connectionId).toBe('b2');
  });
});


describe('timers', () => {
  it('schedules a timer delivered early (a hop of a long wait) again, and does nothing else', async () => {
    const { arena, s } = await clockedGame(3600);
    const [timer] = arena.timers.due(Number.MAX_SAFE_INTEGER);
    expect(timer?.at).toBe(1_700_000_000_000 + 3_600_000);
    const before = s.inbox().length;
    arena.advance(900_000);

    await fireTimer(arena.deps, timer as RoomTimer);

    expect(s.inbox()).toHaveLength(before);
    expect(arena.timers.scheduled).toEqual([timer]);
  });

  it('fires in process where there is no queue (serverless offline), when due', async () => {
    vi.useFakeTimers({ now: 1_000 });
    try {
      const fired: RoomTimer[] = [];
      const queue = new InProcessTimerQueue(async (timer) => {
        fired.push(timer);
        await Promise.resolve();
      }, Date.now);
      await queue.schedule({ room: 'r', at: 6_000, endpoint: 'e' });

      await vi.advanceTimersByTimeAsync(4_999);
      expect(fired).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      await queue.settled();

      expect(fired).toEqual([{ room: 'r', at: 6_000, endpoint: 'e' }]);
    } finally {
      vi.useRealTimers();
    }
  });
});
