import { describe, expect, it } from 'vitest';
import type { WelcomeReply } from '../../../src/protocol';
import { memoryArena, type TestPlayer } from '../../support/memory-arena';

describe('quick play', () => {
  it('opens a public room for the first player and seats the second in it', async () => {
    const arena = memoryArena();
    const [a, b] = [await arena.connect('a'), await arena.connect('b')];

    await a.send({ action: 'quickplay', game: 'connect4', name: 'Ada', id: 'q' });
    await b.send({ action: 'quickplay', game: 'connect4', name: 'Bob' });

    const [first, second] = [a.last('welcome'), b.last('welcome')];
    expect(first).toMatchObject({ re: 'q', you: { seat: 0 }, state: { status: 'waiting', visibility: 'public', game: 'connect4' } });
    expect(second).toMatchObject({ room: first.room, you: { seat: 1 }, state: { status: 'playing' } });
    expect(await arena.deps.matchmaker.waiting('connect4')).toEqual([]);
  });

  it('takes the oldest public room created for that game, and only that game', async () => {
    const arena = memoryArena();
    const [a, b, c] = [await arena.connect('a'), await arena.connect('b'), await arena.connect('c')];
    await a.send({ action: 'create', game: 'battleship', name: 'Ada', visibility: 'public' });
    arena.advance(10);
    await b.send({ action: 'create', game: 'connect4', name: 'Bob', visibility: 'private' });

    await c.send({ action: 'quickplay', game: 'battleship', name: 'Cat' });

    expect(c.last('welcome')).toMatchObject({ room: a.last('welcome').room, you: { seat: 1 }, state: { game: 'battleship', status: 'playing', toMove: [0, 1] } });
  });

  it('fills rooms two by two when twenty players ask at the same moment: never three, never two half-filled', async () => {
    const arena = memoryArena();
    const players = await Promise.all(Array.from({ length: 20 }, async (_, i) => await arena.connect(`p${i}`)));

    await Promise.all(players.map(async (player, i) => await player.send({ action: 'quickplay', game: 'connect4', name: `P${i}` })));

    const welcomes = players.map((player) => player.last('welcome'));
    const rooms = new Map<string, WelcomeReply[]>();
    for (const welcome of welcomes) rooms.set(welcome.room, [...(rooms.get(welcome.room) ?? []), welcome]);
    expect([...rooms.values()].map((seated) => seated.map((w) => w.you.seat).sort())).toEqual(Array.from({ length: 10 }, () => [0, 1]));
  });

  it('refuses a player seated elsewhere with ALREADY_SEATED, changing nothing', async () => {
    const arena = memoryArena();
    const [a, b] = [await arena.connect('a'), await arena.connect('b')];
    await a.send({ action: 'join', room: 'r1', name: 'Ada' });
    await b.send({ action: 'join', room: 'r1', name: 'Bob' });

    await a.send({ action: 'quickplay', game: 'connect4', name: 'Ada', id: 'qp' });
    await a.send({ action: 'create', game: 'connect4', name: 'Ada', id: 'cr' });

    expect(a.inbox().filter((m) => m.type === 'error').map((m) => [(m as { re?: string }).re, (m as { code: string }).code])).toEqual([
      ['qp', 'ALREADY_SEATED'],
      ['cr', 'ALREADY_SEATED'],
    ]);
    expect(await arena.connections.get('a')).toMatchObject({ room: 'r1', seat: 0 });
    expect(await arena.deps.matchmaker.waiting('connect4')).toEqual([]);
  });
});

describe('the lobby', () => {
  const setUp = async () => {
    const arena = memoryArena();
    const players = new Map<string, TestPlayer>();
    const host = async (id: string, game: string, visibility: 'public' | 'private', clock?: number) => {
      const player = await arena.connect(id);
      players.set(id, player);
      await player.send({ action: 'create', game, name: id.toUpperCase(), visibility, ...(clock === undefined ? {} : { clock: { turnSeconds: clock } }) });
      arena.advance(1);
      return player.last('welcome').room;
    };
    const waiting1 = await host('w1', 'connect4', 'public', 60);
    const waiting2 = await host('w2', 'connect4', 'public');
    await host('hidden', 'connect4', 'private');
    await host('ships', 'battleship', 'public');
    const live = await host('live', 'connect4', 'public');
    const joiner = await arena.connect('joiner');
    await joiner.send({ action: 'join', room: live, name: 'Jo' });
    const asker = await arena.connect('asker');
    players.set('joiner', joiner);
    return { arena, asker, players, waiting1, waiting2, live };
  };

  it('lists public rooms of a game waiting for a player, oldest first, with their players, spectators and clock', async () => {
    const { asker, waiting1, waiting2 } = await setUp();

    await asker.send({ action: 'rooms', game: 'connect4', status: 'waiting', id: 'l' });

    expect(asker.last('rooms')).toEqual({
      type: 'rooms',
      re: 'l',
      rooms: [
        { room: waiting1, game: 'connect4', status: 'waiting', players: ['W1'], spectators: 0, clock: { turnSeconds: 60 } },
        { room: waiting2, game: 'connect4', status: 'waiting', players: ['W2'], spectators: 0, clock: null },
      ],
    });
  });

  it('lists live games to watch apart, and drops finished and empty rooms', async () => {
    const { asker, players, live, waiting1 } = await setUp();
    const rooms = async (status: 'waiting' | 'playing') => {
      await asker.send({ action: 'rooms', game: 'connect4', status });
      return asker.last('rooms').rooms;
    };

    expect((await rooms('playing')).map((r) => [r.room, r.players])).toEqual([[live, ['LIVE', 'Jo']]]);

    // The host of a waiting room leaves: an empty room drops out.
    await players.get('w1')?.send({ action: 'leave', room: waiting1 });
    expect((await rooms('waiting')).map((r) => r.room)).not.toContain(waiting1);

    // A game is won: it drops out of the live games.
    const [ada, jo] = [players.get('live') as TestPlayer, players.get('joiner') as TestPlayer];
    for (const [player, column] of [[ada, 0], [jo, 1], [ada, 0], [jo, 1], [ada, 0], [jo, 1], [ada, 0]] as const) await player.send({ action: 'move', room: live, column });
    expect(ada.last('moved').state.status).toBe('won');
    expect(await rooms('playing')).toEqual([]);
  });

  it('pages with a cursor the server issued, and refuses one it did not', async () => {
    const arena = memoryArena();
    for (let i = 0; i < 25; i++) {
      const player = await arena.connect(`h${i}`);
      await player.send({ action: 'create', game: 'connect4', name: `H${i}`, visibility: 'public' });
      arena.advance(1);
    }
    const asker = await arena.connect('asker');

    await asker.send({ action: 'rooms', game: 'connect4', status: 'waiting' });
    const first = asker.last('rooms');
    await asker.send({ action: 'rooms', game: 'connect4', status: 'waiting', cursor: first.cursor });
    const second = asker.last('rooms');
    await asker.send({ action: 'rooms', game: 'connect4', status: 'waiting', cursor: 'bm90LWEtY3Vyc29y', id: 'forged' });

    expect(first.rooms).toHaveLength(20);
    expect(second.rooms).toHaveLength(5);
    expect(second.cursor).toBeUndefined();
    expect(new Set([...first.rooms, ...second.rooms].map((r) => r.room)).size).toBe(25);
    expect(asker.last('error')).toMatchObject({ re: 'forged', code: 'BAD_REQUEST', message: 'cursor was not issued by the server' });
  });

  it('is rate limited like any action', async () => {
    const arena = memoryArena({ rateLimit: { capacity: 3, refillPerSecond: 0.1 } });
    const asker = await arena.connect('asker');

    for (let i = 0; i < 4; i++) await asker.send({ action: 'rooms', game: 'connect4', status: 'waiting', id: `l${i}` });

    expect(asker.last('error')).toMatchObject({ re: 'l3', code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) });
  });
});
