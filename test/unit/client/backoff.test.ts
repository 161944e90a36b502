import { describe, expect, it, vi } from 'vitest';
import { backoffDelay } from '../../../src/client';
import { start, type Harness, useFakeClock } from './harness';

describe('backoffDelay', () => {
  const options = { initialMs: 500, maxMs: 15_000, factor: 2 };

  it('doubles a ceiling that starts at initialMs and stops at maxMs', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelay(attempt, options, () => 1));
    expect(ceilings).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
  });

  it('keeps half of the ceiling and draws the other half: equal jitter', () => {
    expect(backoffDelay(2, options, () => 0)).toBe(1000);
    expect(backoffDelay(2, options, () => 0.5)).toBe(1500);
    expect(backoffDelay(2, options, () => 0.999)).toBe(1999);
  });
});

describe('reconnecting', () => {
  let h: Harness;
  useFakeClock(() => h);

  it('retries after 375, 750, 1500, 3000 ms (random 0.5), each socket failing, then resets after a success', async () => {
    h = await start({ random: () => 0.5 });
    expect(h.client.connectionState).toBe('open');
    h.net.last.drop();
    expect(h.client.connectionState).toBe('reconnecting');

    for (const delay of [375, 750, 1500, 3000]) {
      const before = h.net.sockets.length;
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(h.net.sockets.length, `nothing before ${delay} ms`).toBe(before);
      await vi.advanceTimersByTimeAsync(1);
      expect(h.net.sockets.length, `a new socket at ${delay} ms`).toBe(before + 1);
      h.net.last.drop();
    }

    await vi.advanceTimersByTimeAsync(6000);
    h.net.last.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.client.connectionState).toBe('open');
    h.net.last.drop();
    const before = h.net.sockets.length;
    await vi.advanceTimersByTimeAsync(375);
    expect(h.net.sockets.length, 'the schedule starts over after a success').toBe(before + 1);
  });

  it('reports open, reconnecting, open, closed as they happen', async () => {
    h = await start();
    h.net.last.drop();
    await vi.advanceTimersByTimeAsync(375);
    h.net.last.open();
    await vi.advanceTimersByTimeAsync(0);
    await h.client.close();
    expect(h.states).toEqual(['open', 'reconnecting', 'open', 'closed']);
    expect(h.net.last.closedByClient).toBe(true);
  });

  it('gives up after maxRetries failed attempts in a row', async () => {
    h = await start({ maxRetries: 2 });
    h.net.last.drop();
    await vi.advanceTimersByTimeAsync(375);
    h.net.last.drop();
    await vi.advanceTimersByTimeAsync(750);
    h.net.last.drop();
    expect(h.client.connectionState).toBe('closed');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.net.sockets).toHaveLength(3);
  });

  it('abandons a handshake that does not complete in openTimeoutMs and tries again', async () => {
    h = await start({ openTimeoutMs: 5000 });
    h.net.last.drop();
    await vi.advanceTimersByTimeAsync(375);
    const stuck = h.net.last;
    await vi.advanceTimersByTimeAsync(5000);
    expect(stuck.closedByClient).toBe(true);
    await vi.advanceTimersByTimeAsync(750);
    expect(h.net.last).not.toBe(stuck);
  });

  it('reconnectNow skips the wait', async () => {
    h = await start();
    h.net.last.drop();
    await vi.advanceTimersByTimeAsync(0);
    const before = h.net.sockets.length;
    h.client.reconnectNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.net.sockets.length).toBe(before + 1);
  });

  it('drops a socket whose keep-alive ping gets no reply, and reconnects', async () => {
    h = await start({ keepAliveMs: 60_000, requestTimeoutMs: 5000 });
    const first = h.net.last;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(first.sentActions()).toEqual(['ping']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(first.closedByClient).toBe(true);
    expect(h.client.connectionState).toBe('reconnecting');
  });
});
