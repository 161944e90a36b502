import { describe, expect, it, vi } from 'vitest';
import { chatEvent, moved } from './fake-network';
import { flush, joinAs, reconnect, start, welcome, type Harness, useFakeClock } from './harness';

let h: Harness;
useFakeClock(() => h);

const tokenA = 'tokenA-0123456789abcdef';
const tokenB = 'tokenB-0123456789abcdef';

describe('after a dropped connection', () => {
  it('rejoins with the seat token, resyncs from the last seq it applied, and only then reports open', async () => {
    h = await start();
    await joinAs(h, { seq: 2, token: tokenA });
    h.net.last.receive(moved(3));

    const socket = await reconnect(h);
    expect(socket.last('join')).toMatchObject({ room: 'r1', name: 'Ada', token: tokenA });
    expect(h.client.connectionState).toBe('reconnecting');
    welcome(socket, { seq: 6, token: tokenB });
    await flush();
    const sync = socket.last('sync');
    expect(sync).toMatchObject({ room: 'r1', since: 3 });
    expect(h.client.connectionState).toBe('reconnecting');

    socket.receive({ type: 'events', re: sync.id, room: 'r1', events: [moved(4), chatEvent(5, 'where did you go?'), moved(6)] });
    await flush();
    expect(h.client.connectionState).toBe('open');
    expect(h.events.map((e) => e.seq)).toEqual([3, 4, 5, 6]);
    // The next reconnect presents the token issued by the last reclaim.
    const third = await reconnect(h);
    expect(third.last('join')).toMatchObject({ token: tokenB });
    expect(JSON.parse(h.storage.getItem('serverless-arena:seats:r1') ?? '[]')).toEqual([{ playerId: 'pA', token: tokenB }]);
  });

  it('when the token is refused with BAD_REQUEST, forgets it and joins afresh', async () => {
    h = await start();
    await joinAs(h, { seq: 2, token: tokenA });
    const socket = await reconnect(h);
    socket.receive({ type: 'error', re: socket.last('join').id, code: 'BAD_REQUEST', message: 'this seat token is not valid' });
    await flush();

    const fresh = socket.last('join');
    expect(fresh).toMatchObject({ room: 'r1', name: 'Ada' });
    expect(fresh).not.toHaveProperty('token');
    welcome(socket, { seq: 4, seat: null, playerId: 'pNew' });
    await flush();
    expect(h.client.view?.you).toEqual({ playerId: 'pNew', seat: null });
    expect(h.storage.getItem('serverless-arena:seats:r1')).toBeNull();
  });

  it('a later page load takes the seat back with the stored token', async () => {
    h = await start();
    await joinAs(h, { token: tokenA });
    await h.client.close();

    h = await start({}, h.storage);
    const joined = h.client.join('r1', 'Ada');
    await flush();
    expect(h.net.last.last('join')).toMatchObject({ token: tokenA });
    welcome(h.net.last, { token: tokenB });
    await joined;
    expect(JSON.parse(h.storage.getItem('serverless-arena:seats:r1') ?? '[]')).toEqual([{ playerId: 'pA', token: tokenB }]);
  });

  it('resets to the welcome when the room was recreated meanwhile (its seq went back)', async () => {
    h = await start();
    await joinAs(h, { seq: 40, token: tokenA });
    const socket = await reconnect(h);
    socket.receive({ type: 'error', re: socket.last('join').id, code: 'BAD_REQUEST', message: 'no such seat' });
    await flush();
    welcome(socket, { seq: 1, token: tokenB });
    await flush();
    expect(socket.sentActions()).toEqual(['join', 'join']);
    expect(h.client.view).toMatchObject({ seq: 1, cause: 'welcome' });
    socket.receive(moved(2));
    expect(h.events.map((e) => e.seq)).toEqual([2]);
  });

  it('sends the requests made while reconnecting once the seat is back', async () => {
    h = await start();
    await joinAs(h, { seq: 2, token: tokenA });
    h.net.last.drop();
    const chat = h.client.chat('back soon');
    await vi.advanceTimersByTimeAsync(375);
    const socket = h.net.last;
    socket.open();
    await flush();
    expect(socket.sentActions()).toEqual(['join']);
    welcome(socket, { seq: 2, token: tokenB });
    await flush();
    expect(socket.sentActions()).toEqual(['join', 'chat']);
    socket.receive({ ...chatEvent(3, 'back soon'), re: socket.last('chat').id });
    await expect(chat).resolves.toMatchObject({ seq: 3 });
  });

  it('a spectator presents its spectator token again and stays the same spectator (same playerId)', async () => {
    h = await start();
    const watchToken = 'watch-0123456789abcdef';
    await joinAs(h, { seq: 2, seat: null, playerId: 'sCleo', token: watchToken });
    expect(JSON.parse(h.storage.getItem('serverless-arena:seats:r1') ?? '[]')).toEqual([{ playerId: 'sCleo', token: watchToken }]);

    const socket = await reconnect(h);
    expect(socket.last('join')).toMatchObject({ room: 'r1', name: 'Ada', token: watchToken });
    welcome(socket, { seq: 2, seat: null, playerId: 'sCleo', token: watchToken });
    await flush();
    expect(h.client.view?.you).toEqual({ playerId: 'sCleo', seat: null });

    // And after a reload.
    await h.client.close();
    h = await start({}, h.storage);
    const joined = h.client.join('r1', 'Ada');
    await flush();
    expect(h.net.last.last('join')).toMatchObject({ token: watchToken });
    welcome(h.net.last, { seq: 2, seat: null, playerId: 'sCleo', token: watchToken });
    await joined;
  });
});
