import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomsReply, ServerMessage, WelcomeReply } from '../../src/protocol';
import { startTestDynamo, type TestDynamo } from '../support/dynamo';
import { dynamoArena } from '../support/dynamo-arena';

/** Quick play and the lobby on a real DynamoDB-compatible engine: conditional writes, the lobby index, its cursor. */
let db: TestDynamo;
beforeAll(async () => {
  db = await startTestDynamo();
});
afterAll(async () => await db.close());

const welcomeOf = (arena: ReturnType<typeof dynamoArena>, id: string): WelcomeReply | undefined =>
  arena.gateway.received<ServerMessage>(id).findLast((m): m is WelcomeReply => m.type === 'welcome');

describe('quick play', () => {
  it('fills rooms two by two when twenty players ask at the same moment: never three, never two half-filled', async () => {
    const arena = dynamoArena(db);
    const players = Array.from({ length: 20 }, (_, i) => `qp${i}`);
    for (const id of players) await arena.connect(id);

    await Promise.all(players.map(async (id, i) => await arena.send(id, { action: 'quickplay', game: 'battleship', name: `P${i}`, id: 'q' })));

    const errors = players.flatMap((id) => arena.gateway.received<ServerMessage>(id).filter((m) => m.type === 'error'));
    expect(errors).toEqual([]);
    const rooms = new Map<string, number[]>();
    for (const id of players) {
      const welcome = welcomeOf(arena, id) as WelcomeReply;
      rooms.set(welcome.room, [...(rooms.get(welcome.room) ?? []), welcome.you.seat as number]);
    }
    expect([...rooms.values()].map((seats) => seats.sort())).toEqual(Array.from({ length: 10 }, () => [0, 1]));
    for (const room of rooms.keys()) expect((await db.rooms.get(room))?.status).toBe('playing');
    expect(await db.matchmaker.waiting('battleship')).toEqual([]);
  });

  it('puts two players asking at the same moment into one room, every time (ten times over)', async () => {
    const arena = dynamoArena(db);
    for (let trial = 0; trial < 10; trial++) {
      const pair = [`pair${trial}-a`, `pair${trial}-b`];
      for (const id of pair) await arena.connect(id);

      await Promise.all(pair.map(async (id) => await arena.send(id, { action: 'quickplay', game: 'connect4', name: 'Twin' })));

      const [a, b] = pair.map((id) => welcomeOf(arena, id) as WelcomeReply);
      expect(a?.room, `trial ${trial}`).toBe(b?.room);
      expect([a?.you.seat, b?.you.seat].sort()).toEqual([0, 1]);
    }
  });
});

describe('the lobby index', () => {
  it('pages public waiting rooms oldest first, never lists private ones, and refuses a forged cursor', async () => {
    const arena = dynamoArena(db);
    const hosts = Array.from({ length: 23 }, (_, i) => `host${i}`);
    for (const [i, id] of hosts.entries()) {
      await arena.connect(id);
      await arena.send(id, { action: 'create', game: 'connect4', name: `H${i}`, visibility: i === 5 ? 'private' : 'public', ...(i === 0 ? { clock: { turnSeconds: 30 } } : {}) });
    }
    await arena.connect('asker');
    const page = async (cursor?: string, id?: string) => {
      await arena.send('asker', { action: 'rooms', game: 'connect4', status: 'waiting', ...(cursor === undefined ? {} : { cursor }), ...(id === undefined ? {} : { id }) });
      return arena.gateway.received<ServerMessage>('asker').at(-1) as RoomsReply;
    };

    const first = await page();
    const second = await page(first.cursor);
    const all = [...first.rooms, ...second.rooms];

    expect(first.rooms).toHaveLength(20);
    expect(all.map((r) => r.players[0])).toEqual(hosts.map((_, i) => `H${i}`).filter((name) => name !== 'H5'));
    expect(all[0]).toMatchObject({ game: 'connect4', status: 'waiting', spectators: 0, clock: { turnSeconds: 30 } });
    const ends = await page(second.cursor);
    expect(second.cursor === undefined || ends.rooms.length === 0).toBe(true);
    for (const forged of ['bm90LWEtY3Vyc29y', Buffer.from(JSON.stringify(['000000000000001#../../x'])).toString('base64url')]) {
      await arena.send('asker', { action: 'rooms', game: 'connect4', status: 'waiting', cursor: forged, id: 'f' });
      expect(arena.gateway.received<ServerMessage>('asker').at(-1)).toMatchObject({ type: 'error', re: 'f', code: 'BAD_REQUEST' });
    }
  });

  it('moves a room from waiting to playing when its seats fill, with its spectators counted, and out when it ends', async () => {
    const arena = dynamoArena(db);
    for (const id of ['lx-a', 'lx-b', 'lx-s', 'lx-q']) await arena.connect(id);
    await arena.send('lx-a', { action: 'create', game: 'battleship', name: 'Ada', visibility: 'public' });
    const room = (welcomeOf(arena, 'lx-a') as WelcomeReply).room;
    await arena.send('lx-b', { action: 'join', room, name: 'Bob' });
    await arena.send('lx-s', { action: 'join', room, name: 'Sam' });
    const listed = async (status: 'waiting' | 'playing') => {
      await arena.send('lx-q', { action: 'rooms', game: 'battleship', status });
      return (arena.gateway.received<ServerMessage>('lx-q').at(-1) as RoomsReply).rooms.filter((r) => r.room === room);
    };

    expect(await listed('waiting')).toEqual([]);
    expect(await listed('playing')).toEqual([{ room, game: 'battleship', status: 'playing', players: ['Ada', 'Bob'], spectators: 1, clock: null }]);

    await arena.send('lx-b', { action: 'leave', room });
    expect(await listed('playing')).toEqual([]);
  });
});
