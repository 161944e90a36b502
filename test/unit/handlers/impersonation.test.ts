import { describe, expect, it } from 'vitest';
import { memoryArena } from '../../support/memory-arena';
import { expectRefused } from '../../support/refusals';

/**
 * A connection acts only in the room it joined and only for its own seat. Each
 * way of pretending otherwise is refused, and changes nothing anywhere.
 */
const setUp = async () => {
  const arena = memoryArena();
  const [a, b, c, x] = await Promise.all(['a', 'b', 'c', 'x'].map(async (id) => await arena.connect(id)));
  await a!.send({ action: 'join', room: 'r1', name: 'Ada' });
  await b!.send({ action: 'join', room: 'r1', name: 'Bob' });
  // another game in another room, where x holds seat 0
  await x!.send({ action: 'join', room: 'r2', name: 'Xia' });
  await c!.send({ action: 'join', room: 'r2', name: 'Cat' });
  return { arena, a: a!, b: b!, c: c!, x: x!, all: [a!, b!, c!, x!] };
};

describe('impersonation attempts', () => {
  it("another seat's playerId on a move", async () => {
    const { arena, all, a, b } = await setUp();
    const adaId = a.last('welcome').you.playerId;
    await expectRefused(arena, all, b, { action: 'move', room: 'r1', column: 3, playerId: adaId }, 'BAD_REQUEST');
  });

  it('another seat number on a move', async () => {
    const { arena, all, b } = await setUp();
    await expectRefused(arena, all, b, { action: 'move', room: 'r1', column: 3, seat: 0 }, 'BAD_REQUEST');
  });

  it("another player's id and name on a chat", async () => {
    const { arena, all, a, b } = await setUp();
    await expectRefused(arena, all, b, { action: 'chat', room: 'r1', text: 'I resign', playerId: a.last('welcome').you.playerId, name: 'Ada' }, 'BAD_REQUEST');
  });

  it("acting in another room, even where the seat number would be one's turn", async () => {
    const { arena, all, a } = await setUp();
    for (const message of [
      { action: 'move', room: 'r2', column: 0 },
      { action: 'chat', room: 'r2', text: 'hi' },
      { action: 'rematch', room: 'r2' },
      { action: 'leave', room: 'r2' },
      { action: 'sync', room: 'r2', since: 0 },
    ]) {
      await expectRefused(arena, all, a, message, 'NOT_IN_ROOM');
    }
  });

  it('a stale token: replaced when its seat was taken back and the new token used', async () => {
    const { arena, a, b } = await setUp();
    const first = a.last('welcome').you.token as string;
    await a.close();
    const a2 = await arena.connect('a2');
    await a2.send({ action: 'join', room: 'r1', name: 'Ada', token: first });
    const second = a2.last('welcome').you.token as string;
    await a2.close();
    const a3 = await arena.connect('a3');
    // Using the new token is what retires the one before it (a lost welcome must not cost the seat).
    await a3.send({ action: 'join', room: 'r1', name: 'Ada', token: second });
    expect(a3.last('welcome').you.seat).toBe(0);

    const eve = await arena.connect('eve');
    await expectRefused(arena, [a3, b, eve], eve, { action: 'join', room: 'r1', name: 'Ada', token: first }, 'BAD_REQUEST');
  });

  it('the token of a finished game whose seat was given up and taken by someone else', async () => {
    const { arena, a, b } = await setUp();
    const token = a.last('welcome').you.token as string;
    for (let i = 0; i < 3; i++) {
      await a.send({ action: 'move', room: 'r1', column: 0 });
      await b.send({ action: 'move', room: 'r1', column: 1 });
    }
    await a.send({ action: 'move', room: 'r1', column: 0 });
    expect(b.last('moved').state.status).toBe('won');
    await a.send({ action: 'leave', room: 'r1' });
    const dan = await arena.connect('dan');
    await dan.send({ action: 'join', room: 'r1', name: 'Dan' });
    expect(dan.last('welcome').you.seat).toBe(0);

    await expectRefused(arena, [a, b, dan], a, { action: 'join', room: 'r1', name: 'Ada', token }, 'BAD_REQUEST');
  });

  it("a seat token used in another room", async () => {
    const { arena, all, a, c } = await setUp();
    const adaToken = a.last('welcome').you.token as string;
    await expectRefused(arena, all, c, { action: 'join', room: 'r1', name: 'Ada', token: adaToken.replace(/.$/, (ch) => (ch === 'a' ? 'b' : 'a')) }, 'BAD_REQUEST');
    // the real token only works in its own room
    await c.send({ action: 'leave', room: 'r2' });
    await expectRefused(arena, all, c, { action: 'join', room: 'r2', name: 'Ada', token: adaToken }, 'BAD_REQUEST');
  });

  it('a spectator moving for a seat', async () => {
    const { arena, all, a } = await setUp();
    const spy = await arena.connect('spy');
    await spy.send({ action: 'join', room: 'r1', name: 'Spy' });
    expect(spy.last('welcome').you.seat).toBeNull();
    expect(a.last('welcome').you.seat).toBe(0);
    await expectRefused(arena, [...all, spy], spy, { action: 'move', room: 'r1', column: 0 }, 'NOT_YOUR_TURN');
  });
});

describe('racing a join that will be refused', () => {
  it('cannot act in the room while the refused join is in flight', async () => {
    const { arena, a, b, x } = await setUp();
    const forged = `${(a.last('welcome').you.token as string).slice(0, -3)}zzz`;
    const bobBefore = b.inbox().length;
    const roomBefore = await arena.rooms.get('r1');
    // A slow read keeps the join in flight while the other messages arrive (as concurrent Lambdas would).
    const get = arena.rooms.get.bind(arena.rooms);
    arena.rooms.get = async (room) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return await get(room);
    };
    const pause = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

    await Promise.all([
      x.send({ action: 'join', room: 'r1', name: 'Xia', token: forged, id: 'j' }),
      ...Array.from({ length: 5 }, async (_, i) => {
        await pause(5 + i);
        await x.send({ action: 'chat', room: 'r1', text: `sneaky ${i}`, id: `c${i}` });
      }),
      (async () => {
        await pause(8);
        await x.send({ action: 'leave', room: 'r1', id: 'l' });
      })(),
    ]);
    arena.rooms.get = get;

    const codes = x.inbox().filter((m) => m.type === 'error').map((m) => [(m as { re?: string }).re, (m as { code: string }).code]);
    expect(codes).toContainEqual(['j', 'BAD_REQUEST']);
    for (const re of ['c0', 'c1', 'c2', 'c3', 'c4', 'l']) expect(codes).toContainEqual([re, 'NOT_IN_ROOM']);
    expect(b.inbox().length).toBe(bobBefore);
    expect(await arena.rooms.get('r1')).toEqual(roomBefore);
    expect((await arena.connections.get('x'))?.room).toBe('r2');
  });
});
