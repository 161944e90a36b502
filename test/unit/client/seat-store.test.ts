import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage, type LockManagerLike } from '../../../src/client';
import { SeatStore } from '../../../src/client/seat-store';
import { flush, joinAs, start, welcome, type Harness } from './harness';

/** Web Locks as one browser shares them between its windows. */
class FakeLocks implements LockManagerLike {
  readonly held = new Set<string>();

  async request(name: string, options: { ifAvailable: boolean }, callback: (lock: object | null) => Promise<void>): Promise<void> {
    if (this.held.has(name) && options.ifAvailable) {
      await callback(null);
      return;
    }
    this.held.add(name);
    try {
      await callback({ name });
    } finally {
      this.held.delete(name);
    }
  }
}

const seat = { playerId: 'pA', token: 'tokenA-0123456789abcdef' };

describe('SeatStore', () => {
  it('hands a saved seat only to a page when no other live page holds it', async () => {
    const storage = memoryStorage();
    const locks = new FakeLocks();
    const first = new SeatStore(storage, locks);
    const second = new SeatStore(storage, locks);
    await first.save('r1', seat);

    expect(await second.claim('r1')).toBeUndefined();
    await first.releaseAll();
    expect(await second.claim('r1')).toEqual(seat);
    expect(locks.held).toEqual(new Set(['serverless-arena:seats:r1:pA']));
  });

  it('hands out every saved seat of a room that no page holds, newest first', async () => {
    const storage = memoryStorage();
    const locks = new FakeLocks();
    const ada = new SeatStore(storage, locks);
    const bob = new SeatStore(storage, locks);
    await ada.save('r1', seat);
    await bob.save('r1', { playerId: 'pB', token: 'tokenB-0123456789abcdef' });
    await bob.releaseAll();

    expect(await new SeatStore(storage, locks).claim('r1')).toMatchObject({ playerId: 'pB' });
  });

  it('forgets a seat and lets its lock go', async () => {
    const storage = memoryStorage();
    const locks = new FakeLocks();
    const store = new SeatStore(storage, locks);
    await store.save('r1', seat);
    await store.forget('r1', 'pA');
    expect(storage.getItem('serverless-arena:seats:r1')).toBeNull();
    expect(locks.held.size).toBe(0);
  });

  it('survives storage holding something that is not a seat list', async () => {
    const storage = memoryStorage();
    storage.setItem('serverless-arena:seats:r1', '{not json');
    expect(await new SeatStore(storage, undefined).claim('r1')).toBeUndefined();
    storage.setItem('serverless-arena:seats:r1', JSON.stringify([{ playerId: 1 }, seat]));
    expect(await new SeatStore(storage, undefined).claim('r1')).toEqual(seat);
  });
});

describe('two windows of one browser', () => {
  const clients: Harness[] = [];
  afterEach(async () => {
    await Promise.all(clients.map((c) => c.client.close()));
    vi.useRealTimers();
  });

  it('the second window joins as a newcomer instead of taking the first one’s seat', async () => {
    vi.useFakeTimers();
    const storage = memoryStorage();
    const locks = new FakeLocks();
    const first = await start({ locks }, storage);
    const second = await start({ locks }, storage);
    clients.push(first, second);
    await joinAs(first, { token: seat.token });

    const joined = second.client.join('r1', 'Bob');
    await flush();
    expect(second.net.last.last('join')).not.toHaveProperty('token');
    welcome(second.net.last, { playerId: 'pB', seat: 1, token: 'tokenB-0123456789abcdef' });
    await joined;
    expect(JSON.parse(storage.getItem('serverless-arena:seats:r1') ?? '[]')).toHaveLength(2);
  });

  it('a window put out of its seat (evicted) lets the seat go, so another window of the browser can take it back', async () => {
    vi.useFakeTimers();
    const storage = memoryStorage();
    const locks = new FakeLocks();
    const first = await start({ locks }, storage);
    clients.push(first);
    await joinAs(first, { token: seat.token });
    expect(locks.held).toEqual(new Set(['serverless-arena:seats:r1:pA']));

    first.net.last.receive({ type: 'evicted', room: 'r1', seat: 0, reason: 'taken back' });
    await flush();
    expect(locks.held.size).toBe(0);
    expect(await new SeatStore(storage, locks).claim('r1')).toEqual(seat);
  });
});
