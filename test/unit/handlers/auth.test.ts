import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { playerIdOfIdentity } from '../../../src/rooms/seat-tokens';
import { memoryArena } from '../../support/memory-arena';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const NOW = 1_700_000_000; // memoryWorld's clock, in seconds

/** The public id of a subject: derived with the deployment's secret, never the subject itself. */
const idOf = (subject: string) => playerIdOfIdentity(subject, SECRET);

const sign = async (claims: { sub?: unknown; exp?: number }, secret = SECRET, alg = 'HS256') => {
  let jwt = new SignJWT(typeof claims.sub === 'string' || claims.sub === undefined ? {} : { sub: claims.sub as string }).setProtectedHeader({ alg }).setIssuedAt(NOW - 10);
  if (typeof claims.sub === 'string') jwt = jwt.setSubject(claims.sub);
  if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
  return await jwt.sign(new TextEncoder().encode(secret));
};

/** Authenticated Ada and Bob hold the two seats of room r; then Ada's socket closes. */
const adaAndBobSeatedThenAdaDrops = async () => {
  const arena = memoryArena({ authSecret: SECRET });
  const ada = await arena.connect('a1', { token: await sign({ sub: 'ada', exp: NOW + 600 }) });
  const bob = await arena.connect('b1', { token: await sign({ sub: 'bob', exp: NOW + 600 }) });
  await ada.send({ action: 'join', room: 'r', name: 'Ada' });
  await bob.send({ action: 'join', room: 'r', name: 'Bob' });
  await ada.close();
  return { arena, bob };
};

describe('$connect with AUTH_SECRET set', () => {
  it('accepts a valid token; the player id is derived from its subject and never reveals it', async () => {
    const arena = memoryArena({ authSecret: SECRET });
    const token = await sign({ sub: 'ada@example.com', exp: NOW + 60 });

    const ada = await arena.connect('a', { token });
    await ada.send({ action: 'join', room: 'r', name: 'Ada' });

    expect(await arena.connections.get('a')).toMatchObject({ identity: 'ada@example.com', authExpiresAt: (NOW + 60) * 1000 });
    expect(ada.last('welcome').you).toMatchObject({ playerId: idOf('ada@example.com'), seat: 0 });
    expect(JSON.stringify(ada.inbox())).not.toContain('example.com');
  });

  it('ends what the token allows when it expires: the open connection is refused with UNAUTHORIZED', async () => {
    const arena = memoryArena({ authSecret: SECRET });
    const ada = await arena.connect('a', { token: await sign({ sub: 'ada', exp: NOW + 60 }) });
    await ada.send({ action: 'ping', id: 'before' });
    expect(ada.last().type).toBe('pong');

    arena.advance(60_000);
    await ada.send({ action: 'ping', id: 'after' });

    expect(ada.last('error')).toMatchObject({ re: 'after', code: 'UNAUTHORIZED' });
  });

  it.each([
    ['no token', undefined],
    ['garbage', 'not-a-jwt'],
    ['an expired token', async () => await sign({ sub: 'u', exp: NOW - 1 })],
    ['a token without expiry', async () => await sign({ sub: 'u' })],
    ['a token without subject', async () => await sign({ exp: NOW + 60 })],
    ['a token signed with another secret', async () => await sign({ sub: 'u', exp: NOW + 60 }, 'another-secret-that-is-also-long-enough-00')],
    ['a token using another algorithm', async () => await sign({ sub: 'u', exp: NOW + 60 }, SECRET, 'HS512')],
    ['a subject that is a number', async () => await sign({ sub: 42, exp: NOW + 60 })],
    ['a subject that is an array', async () => await sign({ sub: ['a', 'b'], exp: NOW + 60 })],
    ['a subject that is a boolean', async () => await sign({ sub: true, exp: NOW + 60 })],
    ['a subject too long', async () => await sign({ sub: 'u'.repeat(129), exp: NOW + 60 })],
  ])('refuses %s with 401 and stores nothing', async (_label, make) => {
    const arena = memoryArena({ authSecret: SECRET });
    const token = typeof make === 'function' ? await make() : make;

    const status = await arena.handshake('x', token === undefined ? undefined : { token });

    expect(status).toBe(401);
    expect(await arena.connections.get('x')).toBeUndefined();
  });

  it('lets the same subject take its seat back from a new connection without a seat token', async () => {
    const { arena, bob } = await adaAndBobSeatedThenAdaDrops();

    const again = await arena.connect('a2', { token: await sign({ sub: 'ada', exp: NOW + 600 }) });
    await again.send({ action: 'join', room: 'r', name: 'Ada' });

    expect(again.last('welcome').you).toMatchObject({ playerId: idOf('ada'), seat: 0 });
    expect(bob.last('presence')).toMatchObject({ seat: 0, online: true });
  });

  it('does not let another subject take that seat', async () => {
    const { arena } = await adaAndBobSeatedThenAdaDrops();

    const eve = await arena.connect('e1', { token: await sign({ sub: 'eve', exp: NOW + 600 }) });
    await eve.send({ action: 'join', room: 'r', name: 'Ada' });

    expect(eve.last('welcome').you).toMatchObject({ playerId: idOf('eve'), seat: null });
    expect((await arena.rooms.get('r'))?.seats[0]).toMatchObject({ playerId: idOf('ada'), connectionId: null });
  });
});

describe('$connect without AUTH_SECRET', () => {
  it('accepts any handshake and gives players random ids', async () => {
    const arena = memoryArena();

    const ada = await arena.connect('a', { token: 'ignored' });
    await ada.send({ action: 'join', room: 'r', name: 'Ada' });

    expect((await arena.connections.get('a'))?.identity).toBeUndefined();
    expect(ada.last('welcome').you.playerId).toMatch(/^p\d+$/);
  });
});
