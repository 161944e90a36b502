import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { memoryArena } from '../../support/memory-arena';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const NOW = 1_700_000_000; // memoryWorld's clock, in seconds

const sign = async (claims: { sub?: string; exp?: number }, secret = SECRET, alg = 'HS256') => {
  let jwt = new SignJWT({}).setProtectedHeader({ alg }).setIssuedAt(NOW - 10);
  if (claims.sub !== undefined) jwt = jwt.setSubject(claims.sub);
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
  it('accepts a valid token and makes its subject the player id', async () => {
    const arena = memoryArena({ authSecret: SECRET });
    const token = await sign({ sub: 'user-42', exp: NOW + 60 });

    const ada = await arena.connect('a', { token });
    await ada.send({ action: 'join', room: 'r', name: 'Ada' });

    expect((await arena.connections.get('a'))?.identity).toBe('user-42');
    expect(ada.last('welcome').you).toMatchObject({ playerId: 'user-42', seat: 0 });
  });

  it.each([
    ['no token', undefined],
    ['garbage', 'not-a-jwt'],
    ['an expired token', async () => await sign({ sub: 'u', exp: NOW - 1 })],
    ['a token without expiry', async () => await sign({ sub: 'u' })],
    ['a token without subject', async () => await sign({ exp: NOW + 60 })],
    ['a token signed with another secret', async () => await sign({ sub: 'u', exp: NOW + 60 }, 'another-secret-that-is-also-long-enough-00')],
    ['a token using another algorithm', async () => await sign({ sub: 'u', exp: NOW + 60 }, SECRET, 'HS512')],
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

    expect(again.last('welcome').you).toMatchObject({ playerId: 'ada', seat: 0 });
    expect(bob.last('presence')).toMatchObject({ seat: 0, online: true });
  });

  it('does not let another subject take that seat', async () => {
    const { arena } = await adaAndBobSeatedThenAdaDrops();

    const eve = await arena.connect('e1', { token: await sign({ sub: 'eve', exp: NOW + 600 }) });
    await eve.send({ action: 'join', room: 'r', name: 'Ada' });

    expect(eve.last('welcome').you).toMatchObject({ playerId: 'eve', seat: null });
    expect((await arena.rooms.get('r'))?.seats[0]).toMatchObject({ playerId: 'ada', connectionId: null });
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
