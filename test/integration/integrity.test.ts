import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHandler } from '../../src/handlers/connection';
import type { RoomStore } from '../../src/ports/rooms';
import type { RoomEvent, ServerMessage, WelcomeReply } from '../../src/protocol';
import { startTestDynamo, type TestDynamo } from '../support/dynamo';
import { dynamoArena } from '../support/dynamo-arena';
import { wsEvent } from '../support/events';

/**
 * What the README promises under churn and abuse, against a real
 * DynamoDB-compatible server: every event reaches every member from its
 * welcome on, one socket holds one room and one seat, a crowd costs one
 * message per arrival, a mass close leaves nothing behind.
 */
let db: TestDynamo;
beforeAll(async () => {
  db = await startTestDynamo();
});
afterAll(async () => await db.close());

type Arena = ReturnType<typeof dynamoArena>;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const roomEvents = (messages: ServerMessage[], room: string): RoomEvent[] =>
  messages.filter((m): m is RoomEvent => 'seq' in m && typeof m.seq === 'number' && m.room === room && m.type !== 'welcome' && m.type !== 'snapshot');
const welcomes = (arena: Arena, id: string): WelcomeReply[] => arena.gateway.received<ServerMessage>(id).filter((m): m is WelcomeReply => m.type === 'welcome');

const seatTwo = async (arena: Arena, room: string) => {
  await arena.connect(`${room}-a`);
  await arena.connect(`${room}-b`);
  await arena.send(`${room}-a`, { action: 'join', room, name: 'Ada' });
  await arena.send(`${room}-b`, { action: 'join', room, name: 'Bob' });
};

describe('every event reaches every member from its welcome on', () => {
  it('under churn: members joining and leaving while two players move and chat miss nothing after their welcome', async () => {
    // A few ms before each write of the room, as a real network has: it widens the window in which someone joins between a read and a write.
    const slow: RoomStore = {
      get: async (room) => await db.rooms.get(room),
      getWithMembers: async (room) => await db.rooms.getWithMembers(room),
      write: async (record, expected, options) => {
        await pause(4);
        return await db.rooms.write(record, expected, options);
      },
      allocate: async (room, count) => {
        await pause(4);
        return await db.rooms.allocate(room, count);
      },
      watch: async (room, delta, max) => await db.rooms.watch(room, delta, max),
    };
    const arena = dynamoArena(db, {}, { stores: { rooms: slow } });
    const room = 'churn';
    await seatTwo(arena, room);
    const churners = Array.from({ length: 20 }, (_, i) => `churn-c${i}`);
    for (const id of churners) await arena.connect(id);

    const play = (async () => {
      for (let turn = 0; turn < 12; turn++) {
        const [mover, column] = turn % 2 === 0 ? [`${room}-a`, 0] : [`${room}-b`, 1];
        await Promise.all([
          arena.send(mover, { action: 'move', room, column: turn < 6 ? column : column + 2 }),
          arena.send(turn % 2 === 0 ? `${room}-b` : `${room}-a`, { action: 'chat', room, text: `line ${turn}` }),
        ]);
      }
    })();
    const churn = churners.map(async (id, i) => {
      for (let round = 0; round < 3; round++) {
        await pause((i * 7 + round * 13) % 20);
        await arena.send(id, { action: 'join', room, name: `C${i}` });
        if (round < 2) await arena.send(id, { action: 'leave', room });
      }
    });
    await Promise.all([play, ...churn]);

    const final = (await db.rooms.get(room))!.seq;
    expect(final).toBeGreaterThanOrEqual(2 + 24);
    for (const id of [...churners, `${room}-a`, `${room}-b`]) {
      const welcome = welcomes(arena, id).at(-1)!;
      const seen = new Set(roomEvents(arena.gateway.received(id), room).map((event) => event.seq));
      // The connection's own last welcome on: every event numbered after it, delivered live.
      const missing = Array.from({ length: final - welcome.seq }, (_, k) => welcome.seq + 1 + k).filter((seq) => !seen.has(seq) && seq !== welcome.seq);
      expect(missing, `${id} (welcome at ${welcome.seq}) missed events`).toEqual([]);
    }
    // The spectator count converged on the truth.
    const record = (await db.rooms.get(room))!;
    expect(record.spectators).toBe(churners.length);
    expect((await db.members.list(room)).length).toBe(churners.length + 2);
  });
});

describe('one connection, one room, one seat', () => {
  it('lets only one of ten concurrent joins from one socket to ten rooms through', async () => {
    const arena = dynamoArena(db);
    await arena.connect('squatter');
    const rooms = Array.from({ length: 10 }, (_, i) => `squat-${i}`);

    await Promise.all(rooms.map(async (room, i) => await arena.send('squatter', { action: 'join', room, name: 'Sly', id: `j${i}` })));

    const replies = arena.gateway.received<ServerMessage>('squatter');
    const joined = replies.filter((m): m is WelcomeReply => m.type === 'welcome');
    expect(joined).toHaveLength(1);
    expect(replies.filter((m) => m.type === 'error').map((m) => (m as { code: string }).code)).toEqual(Array.from({ length: 9 }, () => 'CONFLICT'));
    const memberships = await Promise.all(rooms.map(async (room) => (await db.members.list(room)).includes('squatter')));
    expect(memberships.filter(Boolean)).toHaveLength(1);
    const seats = await Promise.all(rooms.map(async (room) => (await db.rooms.get(room))?.seats.some((holder) => holder?.connectionId === 'squatter') ?? false));
    expect(seats.filter(Boolean)).toHaveLength(1);
    expect(await db.connections.get('squatter')).toMatchObject({ room: joined[0]?.room, claim: joined[0]?.room });
  });

  it('announces leaving the previous room there when a connection moves on', async () => {
    const arena = dynamoArena(db);
    await seatTwo(arena, 'first');

    await arena.send('first-a', { action: 'join', room: 'second', name: 'Ada' });

    expect(roomEvents(arena.gateway.received('first-b'), 'first').at(-1)).toMatchObject({ type: 'left', seat: 0 });
    expect(await db.members.list('first')).toEqual(['first-b']);
  });
});

describe('lifecycle routes trust only the event type', () => {
  it.each(['$connect', '$disconnect'])('refuses a message naming %s with a typed error, changing nothing', async (route) => {
    const arena = dynamoArena(db, { rateLimit: { capacity: 3, refillPerSecond: 0.001 } });
    await seatTwo(arena, `life${route.slice(1)}`);
    const id = `life${route.slice(1)}-a`;
    await arena.send(id, { action: 'ping' });
    const before = { connection: await db.connections.get(id), room: await db.rooms.get(`life${route.slice(1)}`) };

    // serverless offline routes `{"action":"$connect"}` to the $connect handler of an open connection.
    const provide = () => ({ deps: arena.deps, flush: () => {} });
    const handler = connectHandler(provide);
    const event = { ...wsEvent(route, id, { action: route, id: 'sneaky' }), requestContext: { ...wsEvent(route, id).requestContext, eventType: 'MESSAGE' as const } };
    if (route === '$connect') await handler(event);
    else await (await import('../../src/handlers/connection')).disconnectHandler(provide)(event);

    expect(arena.gateway.received<ServerMessage>(id).at(-1)).toMatchObject({ type: 'error', re: 'sneaky', code: 'UNKNOWN_ACTION' });
    expect(await db.connections.get(id)).toEqual(before.connection);
    expect(await db.rooms.get(`life${route.slice(1)}`)).toEqual(before.room);
    // The message budget was not reset: the connection is still limited.
    await arena.send(id, { action: 'ping', id: 'p' });
    await arena.send(id, { action: 'ping', id: 'q' });
    expect(arena.gateway.received<ServerMessage>(id).at(-1)).toMatchObject({ type: 'error', code: 'RATE_LIMITED' });
  });
});

describe('a crowd', () => {
  it('costs one message per spectator arriving, not one to every member', async () => {
    const arena = dynamoArena(db);
    await seatTwo(arena, 'crowd');
    const spectators = Array.from({ length: 300 }, (_, i) => `crowd-s${i}`);
    for (const id of spectators) await arena.connect(id);
    const sent = () => arena.reports.reduce((sum, report) => sum + report.delivered.length, 0);
    const before = sent();
    const adaBefore = arena.gateway.received('crowd-a').length;

    for (let i = 0; i < spectators.length; i += 50) {
      await Promise.all(spectators.slice(i, i + 50).map(async (id) => await arena.send(id, { action: 'join', room: 'crowd', name: 'Fan' })));
    }

    expect(sent() - before).toBe(300);
    expect(arena.gateway.received('crowd-a')).toHaveLength(adaBefore);
    expect((await db.rooms.get('crowd'))?.spectators).toBe(300);
    await arena.send('crowd-a', { action: 'chat', room: 'crowd', text: 'welcome, all' });
    expect(arena.gateway.received<ServerMessage>('crowd-b').at(-1)).toMatchObject({ type: 'chat', spectators: 300 });
  });

  it('closing all at once leaves no connection record, no membership, and a true count', async () => {
    const arena = dynamoArena(db);
    await seatTwo(arena, 'exit');
    const spectators = Array.from({ length: 300 }, (_, i) => `exit-s${i}`);
    for (const id of spectators) await arena.connect(id);
    for (let i = 0; i < spectators.length; i += 50) {
      await Promise.all(spectators.slice(i, i + 50).map(async (id) => await arena.send(id, { action: 'join', room: 'exit', name: 'Fan' })));
    }
    const bobBefore = arena.gateway.received('exit-b').length;

    await Promise.all(spectators.map(async (id) => await arena.disconnect(id)));

    const left = await Promise.all(spectators.map(async (id) => await db.connections.get(id)));
    expect(left.filter(Boolean)).toEqual([]);
    expect(await db.members.list('exit')).toEqual(expect.arrayContaining(['exit-a', 'exit-b']));
    expect(await db.members.list('exit')).toHaveLength(2);
    expect(await db.rooms.get('exit')).toMatchObject({ spectators: 0, members: 2 });
    expect(arena.gateway.received('exit-b')).toHaveLength(bobBefore);
  });
});

describe('caps', () => {
  it('refuses a join past the members a room may hold with ROOM_FULL', async () => {
    const arena = dynamoArena(db, { maxRoomMembers: 3 });
    await seatTwo(arena, 'small');
    await arena.connect('small-s1');
    await arena.connect('small-s2');

    await arena.send('small-s1', { action: 'join', room: 'small', name: 'One' });
    await arena.send('small-s2', { action: 'join', room: 'small', name: 'Two', id: 'full' });

    expect(arena.gateway.received<ServerMessage>('small-s2').at(-1)).toMatchObject({ type: 'error', re: 'full', code: 'ROOM_FULL' });
    expect(await db.members.list('small')).not.toContain('small-s2');
    expect(await db.connections.get('small-s2')).not.toHaveProperty('claim');
  });

  it('refuses more joins per minute than allowed from one connection with RATE_LIMITED and retryAfterMs', async () => {
    const arena = dynamoArena(db, { joinLimit: { capacity: 2, refillPerSecond: 2 / 60 } });
    await arena.connect('hopper');

    for (const room of ['hop-1', 'hop-2', 'hop-3']) await arena.send('hopper', { action: 'join', room, name: 'Hop', id: room });

    const last = arena.gateway.received<ServerMessage>('hopper').at(-1);
    expect(last).toMatchObject({ type: 'error', re: 'hop-3', code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) });
    expect(await db.connections.get('hopper')).toMatchObject({ room: 'hop-2' });
  });

  it('refuses a connection past the cap of its address with 429', async () => {
    const arena = dynamoArena(db, { maxConnectionsPerAddress: 2 });
    const handler = connectHandler(() => ({ deps: arena.deps, flush: () => {} }));
    const from = (id: string) => {
      const event = wsEvent('$connect', id);
      return { ...event, requestContext: { ...event.requestContext, identity: { sourceIp: '198.51.100.7' } } };
    };

    const statuses = [];
    for (const id of ['ip-1', 'ip-2', 'ip-3']) statuses.push((await handler(from(id))).statusCode);

    expect(statuses).toEqual([200, 200, 429]);
    expect(await db.connections.get('ip-3')).toBeUndefined();
    await arena.disconnect('ip-1');
    expect((await handler(from('ip-4'))).statusCode).toBe(200);
  });
});

describe('a hot room', () => {
  it('applies every one of 100 chat lines sent at the same moment, numbered without gaps', async () => {
    const arena = dynamoArena(db);
    await seatTwo(arena, 'hot');
    const members = Array.from({ length: 98 }, (_, i) => `hot-s${i}`);
    for (const id of members) await arena.connect(id);
    for (const id of members) await arena.send(id, { action: 'join', room: 'hot', name: 'Fan' });
    const before = (await db.rooms.get('hot'))!.seq;
    const everyone = ['hot-a', 'hot-b', ...members];

    await Promise.all(everyone.map(async (id, i) => await arena.send(id, { action: 'chat', room: 'hot', text: `hello ${i}`, id: `c${i}` })));

    const errors = everyone.flatMap((id) => arena.gateway.received<ServerMessage>(id).filter((m) => m.type === 'error'));
    expect(errors).toEqual([]);
    expect((await db.rooms.get('hot'))!.seq).toBe(before + 100);
    const seen = roomEvents(arena.gateway.received('hot-s0'), 'hot').filter((event) => event.type === 'chat').map((event) => event.seq);
    expect(seen.sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => before + 1 + i));
  });
});
