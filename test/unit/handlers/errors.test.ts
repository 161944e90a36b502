import { describe, expect, it } from 'vitest';
import { memoryArena } from '../../support/memory-arena';
import { expectRefused } from '../../support/refusals';

const setUp = async (settings?: Parameters<typeof memoryArena>[0]) => {
  const arena = memoryArena(settings);
  const a = await arena.connect('a');
  const b = await arena.connect('b');
  const s = await arena.connect('s');
  await a.send({ action: 'join', room: 'r1', name: 'Ada' });
  await b.send({ action: 'join', room: 'r1', name: 'Bob' });
  await s.send({ action: 'join', room: 'r1', name: 'Sam' });
  return { arena, a, b, s, all: [a, b, s] };
};

describe('refused messages change nothing and are broadcast to nobody', () => {
  it('BAD_REQUEST: a field the protocol does not define (impersonating another seat)', async () => {
    const { arena, all, b } = await setUp();
    const reply = await expectRefused(arena, all, b, { action: 'move', room: 'r1', column: 0, seat: 0, id: 'x' }, 'BAD_REQUEST');
    expect(reply).toMatchObject({ re: 'x', message: 'unexpected field "seat"' });
  });

  it('BAD_REQUEST: not JSON', async () => {
    const { arena, all, a } = await setUp();
    await expectRefused(arena, all, a, '{"action": "move", ', 'BAD_REQUEST');
  });

  it.each([
    ['a Hangul filler', '\u3164'],
    ['a blank Braille pattern', '\u2800\u2800'],
    ['zero-width spaces and a right-to-left mark', '\u200b\u200f\u200b'],
    ['bare combining marks', '\u0301\u0301\u0301'],
    ['tag characters', '\u{e0041}\u{e0042}'],
  ])('BAD_REQUEST: a name with no visible letter or digit (%s)', async (_label, name) => {
    const { arena, all, s } = await setUp();
    const reply = await expectRefused(arena, all, s, { action: 'join', room: 'r1', name }, 'BAD_REQUEST');
    expect(reply.message).toMatch(/visible letter or digit/);
  });

  it('BAD_REQUEST: a seat token that matches no seat', async () => {
    const { arena, all, s } = await setUp();
    await expectRefused(arena, all, s, { action: 'join', room: 'r1', name: 'Sam', token: 'forged-token-0123456789' }, 'BAD_REQUEST');
  });

  it('UNKNOWN_ACTION', async () => {
    const { arena, all, a } = await setUp();
    const reply = await expectRefused(arena, all, a, { action: 'teleport', id: 'u' }, 'UNKNOWN_ACTION');
    expect(reply.re).toBe('u');
  });

  it('PAYLOAD_TOO_LARGE: a frame over 32 KB, refused before parsing, still answered with its id', async () => {
    const { arena, all, a } = await setUp();
    const reply = await expectRefused(arena, all, a, { action: 'chat', room: 'r1', text: 'x'.repeat(33 * 1024), id: 'big' }, 'PAYLOAD_TOO_LARGE');
    expect(reply.re).toBe('big');
  });

  it('NOT_IN_ROOM: acting in a room this connection did not join', async () => {
    const { arena, all, a } = await setUp();
    await expectRefused(arena, all, a, { action: 'move', room: 'r2', column: 0 }, 'NOT_IN_ROOM');
  });

  it("NOT_YOUR_TURN: the other seat's turn, and a spectator", async () => {
    const { arena, all, b, s } = await setUp();
    await expectRefused(arena, all, b, { action: 'move', room: 'r1', column: 0 }, 'NOT_YOUR_TURN');
    await expectRefused(arena, all, s, { action: 'move', room: 'r1', column: 0 }, 'NOT_YOUR_TURN');
  });

  it('ILLEGAL_MOVE: a full column', async () => {
    const { arena, all, a, b } = await setUp();
    for (let i = 0; i < 3; i++) {
      await a.send({ action: 'move', room: 'r1', column: 6 });
      await b.send({ action: 'move', room: 'r1', column: 6 });
    }
    await expectRefused(arena, all, a, { action: 'move', room: 'r1', column: 6 }, 'ILLEGAL_MOVE');
  });

  it('BAD_REQUEST: a column outside the board', async () => {
    const { arena, all, a } = await setUp();
    await expectRefused(arena, all, a, { action: 'move', room: 'r1', column: 7 }, 'BAD_REQUEST');
  });

  it('GAME_OVER: a move after the game was won', async () => {
    const { arena, all, a, b } = await setUp();
    for (let i = 0; i < 3; i++) {
      await a.send({ action: 'move', room: 'r1', column: 0 });
      await b.send({ action: 'move', room: 'r1', column: 1 });
    }
    await a.send({ action: 'move', room: 'r1', column: 0 });
    await expectRefused(arena, all, b, { action: 'move', room: 'r1', column: 1 }, 'GAME_OVER');
  });

  it('RATE_LIMITED: more messages than the bucket holds', async () => {
    const { arena, all, s } = await setUp({ rateLimit: { capacity: 4, refillPerSecond: 0.001 } });
    // join took one token; three more chats are admitted
    for (let i = 0; i < 3; i++) await s.send({ action: 'chat', room: 'r1', text: `hi ${i}` });
    const reply = await expectRefused(arena, all, s, { action: 'chat', room: 'r1', text: 'flood', id: 'f' }, 'RATE_LIMITED');
    expect(reply.re).toBe('f');
  });

  it('RATE_LIMITED: the bucket refills with time', async () => {
    const { arena, s } = await setUp({ rateLimit: { capacity: 2, refillPerSecond: 1 } });
    await s.send({ action: 'ping', id: '1' });
    await s.send({ action: 'ping', id: '2' });
    expect(s.last().type).toBe('error');

    expect(s.last('error')).toMatchObject({ re: '2', code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) });
    const { retryAfterMs } = s.last('error') as { retryAfterMs: number };
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(2000);

    arena.advance(retryAfterMs);
    await s.send({ action: 'ping', id: '3' });

    expect(s.last()).toEqual({ type: 'pong', re: '3' });
  });

  it('CONFLICT: the room changed on every attempt', async () => {
    const { arena, all, a } = await setUp();
    arena.rooms.write = () => Promise.resolve(undefined);
    await expectRefused(arena, all, a, { action: 'move', room: 'r1', column: 0 }, 'CONFLICT');
  });

  it('CONFLICT: out of the time Lambda leaves, answered before the deadline instead of retrying on', async () => {
    const { arena, all, a } = await setUp();
    let attempts = 0;
    arena.rooms.write = () => {
      attempts++;
      return Promise.resolve(undefined);
    };
    arena.deps.deadline = Date.now() + 200;

    const reply = await expectRefused(arena, all, a, { action: 'move', room: 'r1', column: 0 }, 'CONFLICT');

    expect(reply.message).toMatch(/in the time left/);
    expect(attempts).toBe(1);
  });

  it('INTERNAL: a store failure, without its details', async () => {
    const { arena, all, a } = await setUp();
    arena.rooms.write = () => Promise.reject(new Error('DynamoDB said: arn:aws:dynamodb:secret-table'));
    const reply = await expectRefused(arena, all, a, { action: 'move', room: 'r1', column: 0, id: 'i' }, 'INTERNAL');
    expect(reply).toEqual({ type: 'error', re: 'i', code: 'INTERNAL', message: 'internal error; the request was not applied' });
  });
});

describe("a seated player's game requests are charged to its seat, in the game's own write", () => {
  it('writes no budget of the connection for an accepted move, and charges the seat instead', async () => {
    const arena = memoryArena({ rateLimit: { capacity: 1, refillPerSecond: 0.1 } });
    const [a, b] = [await arena.connect('a'), await arena.connect('b')];
    await a.send({ action: 'join', room: 'r1', name: 'Ada' });
    arena.advance(10_000);
    await b.send({ action: 'join', room: 'r1', name: 'Bob' });
    arena.advance(10_000);
    let admits = 0;
    const admit = arena.connections.admit.bind(arena.connections);
    arena.connections.admit = async (...args) => {
      admits++;
      return await admit(...args);
    };

    await a.send({ action: 'move', room: 'r1', column: 0, id: 'm1' });
    await b.send({ action: 'move', room: 'r1', column: 1, id: 'm2' });

    expect(admits).toBe(0);
    expect(a.inbox().find((m) => (m as { re?: string }).re === 'm1')).toMatchObject({ type: 'moved' });
    expect((await arena.rooms.get('r1'))?.meters?.map((meter) => meter?.n)).toEqual([1, 1]);

    // The seat's budget for this window is spent: the next move of the same seat waits for the next window.
    await a.send({ action: 'move', room: 'r1', column: 0, id: 'm3' });
    expect(a.last('error')).toMatchObject({ re: 'm3', code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) });
    arena.advance(10_000);
    await a.send({ action: 'move', room: 'r1', column: 0, id: 'm4' });
    expect(a.inbox().find((m) => (m as { re?: string }).re === 'm4')).toMatchObject({ type: 'moved' });
  });

  it('charges the connection for a refused move, so a flood of them is rate limited', async () => {
    const arena = memoryArena({ rateLimit: { capacity: 5, refillPerSecond: 0.5 } });
    const [a, b] = [await arena.connect('a'), await arena.connect('b')];
    await a.send({ action: 'join', room: 'r1', name: 'Ada' });
    await b.send({ action: 'join', room: 'r1', name: 'Bob' });

    for (let i = 0; i < 6; i++) await b.send({ action: 'move', room: 'r1', column: 0, id: `f${i}` });

    const codes = b.inbox().filter((m) => m.type === 'error').map((m) => (m as { code: string }).code);
    expect(codes.slice(0, 3)).toEqual(['NOT_YOUR_TURN', 'NOT_YOUR_TURN', 'NOT_YOUR_TURN']);
    expect(codes.at(-1)).toBe('RATE_LIMITED');
  });
});
