import { describe, expect, it, vi } from 'vitest';
import { ArenaError } from '../../../src/client';
import { moved } from './fake-network';
import { flush, joinAs, reconnect, start, welcome, type Harness, useFakeClock } from './harness';

let h: Harness;
useFakeClock(() => h);

const tokenA = 'tokenA-0123456789abcdef';
const tokenB = 'tokenB-0123456789abcdef';
const SHORTEST_WAIT = { gapWaitMs: 500, random: () => 0 };

const rateLimited = (re: string, retryAfterMs: number) => ({ type: 'error', re, code: 'RATE_LIMITED', message: 'slow down', retryAfterMs });

const count = (action: string) => h.net.last.sent.filter((message) => message.action === action).length;

describe('RATE_LIMITED and the requests the client retries itself', () => {
  it('a resend refused with RATE_LIMITED goes again, same id, once retryAfterMs has passed, and settles then', async () => {
    h = await start();
    await joinAs(h, { seq: 2, token: tokenA });
    const move = h.client.move(3);
    await flush();
    const original = h.net.last.last('move');
    const socket = await reconnect(h);
    welcome(socket, { seq: 2, token: tokenB });
    await flush();
    socket.receive(rateLimited(original.id, 3000));

    await vi.advanceTimersByTimeAsync(2999);
    expect(count('move')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(count('move')).toBe(2);
    expect(socket.last('move')).toEqual(original);
    socket.receive(moved(3, 'r1', { re: original.id }));
    await expect(move).resolves.toMatchObject({ seq: 3 });
  });

  it('a move the player just made, refused with RATE_LIMITED, is not retried: it rejects with retryAfterMs for the page to show', async () => {
    h = await start();
    await joinAs(h, { seq: 2 });
    const move = h.client.move(3);
    await flush();
    h.net.last.receive(rateLimited(h.net.last.last('move').id, 1500));
    const error: unknown = await move.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArenaError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 1500 });
    await vi.advanceTimersByTimeAsync(5000);
    expect(count('move')).toBe(1);
  });

  it('a gap sync refused with RATE_LIMITED is not asked again before retryAfterMs, whatever the gap timer says', async () => {
    h = await start(SHORTEST_WAIT);
    await joinAs(h, { seq: 5 });
    h.net.last.receive(moved(7));
    await vi.advanceTimersByTimeAsync(500);
    expect(count('sync')).toBe(1);
    h.net.last.receive(rateLimited(h.net.last.last('sync').id, 4000));

    await vi.advanceTimersByTimeAsync(3999);
    expect(count('sync')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(count('sync')).toBe(2);
    const sync = h.net.last.last('sync');
    expect(sync).toMatchObject({ since: 5 });
    h.net.last.receive({ type: 'events', re: sync.id, room: 'r1', events: [moved(6)] });
    await flush();
    expect(h.events.map((event) => event.seq)).toEqual([6, 7]);
  });

  it('a rejoin refused with RATE_LIMITED waits on the same socket and tries again, instead of dropping it', async () => {
    h = await start();
    await joinAs(h, { seq: 2, token: tokenA });
    const socket = await reconnect(h);
    socket.receive(rateLimited(socket.last('join').id, 2000));
    await vi.advanceTimersByTimeAsync(1999);
    expect(socket.sentActions()).toEqual(['join']);
    await vi.advanceTimersByTimeAsync(1);

    expect(socket.closedByClient).toBe(false);
    expect(socket.sentActions()).toEqual(['join', 'join']);
    expect(socket.last('join')).toMatchObject({ token: tokenA });
    welcome(socket, { seq: 2, token: tokenB });
    await flush();
    expect(h.client.connectionState).toBe('open');
    expect(h.net.sockets).toHaveLength(2);
  });

  it('a rejoin waiting out RATE_LIMITED is abandoned with its socket: the next socket gets one rejoin, not two', async () => {
    h = await start();
    await joinAs(h, { seq: 2, token: tokenA });
    const second = await reconnect(h);
    second.receive(rateLimited(second.last('join').id, 5000));
    await flush();
    second.drop();
    await vi.advanceTimersByTimeAsync(750);
    const third = h.net.last;
    expect(third).not.toBe(second);
    third.open();
    await flush();
    expect(third.sentActions()).toEqual(['join']);

    // The wait the second socket's rejoin was told would end here.
    await vi.advanceTimersByTimeAsync(5000);
    expect(third.sentActions()).toEqual(['join']);
  });
});
