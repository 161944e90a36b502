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

  it('BAD_REQUEST: a name that is not printable', async () => {
    const { arena, all, s } = await setUp();
    await expectRefused(arena, all, s, { action: 'join', room: 'r1', name: 'a\u0000b' }, 'BAD_REQUEST');
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

  it('PAYLOAD_TOO_LARGE: a frame over 32 KB, refused before parsing', async () => {
    const { arena, all, a } = await setUp();
    await expectRefused(arena, all, a, { action: 'chat', room: 'r1', text: 'x'.repeat(33 * 1024) }, 'PAYLOAD_TOO_LARGE');
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

    arena.advance(1000);
    await s.send({ action: 'ping', id: '3' });

    expect(s.last()).toEqual({ type: 'pong', re: '3' });
  });

  it('CONFLICT: the room changed on every attempt', async () => {
    const { arena, all, a } = await setUp();
    arena.rooms.put = () => Promise.resolve(false);
    await expectRefused(arena, all, a, { action: 'move', room: 'r1', column: 0 }, 'CONFLICT');
  });

  it('INTERNAL: a store failure, without its details', async () => {
    const { arena, all, a } = await setUp();
    arena.rooms.put = () => Promise.reject(new Error('DynamoDB said: arn:aws:dynamodb:secret-table'));
    const reply = await expectRefused(arena, all, a, { action: 'move', room: 'r1', column: 0, id: 'i' }, 'INTERNAL');
    expect(reply).toEqual({ type: 'error', re: 'i', code: 'INTERNAL', message: 'internal error; the request was not applied' });
  });
});
