import { describe, expect, it, vi } from 'vitest';
import { ArenaError, connect, ConnectionLostError, memoryStorage, NotJoinedError, RequestTimeoutError, UnexpectedReplyError } from '../../../src/client';
import { FakeNetwork, moved, stateAt } from './fake-network';
import { flush, joinAs, start, welcome, type Harness, useFakeClock } from './harness';

let h: Harness;
useFakeClock(() => h);

describe('requests and their replies', () => {
  it('resolves a move with the moved event that echoes its id, not with an event for someone else', async () => {
    h = await start();
    await joinAs(h, { seq: 1 });
    const move = h.client.move(3);
    await flush();
    const request = h.net.last.last('move');
    expect(request).toMatchObject({ action: 'move', room: 'r1', column: 3 });

    h.net.last.receive(moved(2, 'r1', { re: 'someone-else' }));
    h.net.last.receive(moved(3, 'r1', { re: request.id }));
    await expect(move).resolves.toMatchObject({ type: 'moved', seq: 3, re: request.id });
  });

  it('rejects with an ArenaError carrying the protocol code of an error reply', async () => {
    h = await start();
    await joinAs(h);
    const move = h.client.move(3);
    await flush();
    h.net.last.receive({ type: 'error', re: h.net.last.last('move').id, code: 'NOT_YOUR_TURN', message: 'wait for your turn' });

    const error: unknown = await move.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArenaError);
    expect(error).toMatchObject({ code: 'NOT_YOUR_TURN', message: 'wait for your turn', name: 'ArenaError' });
  });

  it('rejects with RequestTimeoutError when no reply comes within the timeout, and ignores the late reply', async () => {
    h = await start({ requestTimeoutMs: 2000 });
    await joinAs(h);
    const chat = h.client.chat('hello');
    const outcome = chat.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1999);
    await expect(Promise.race([outcome, Promise.resolve('pending')])).resolves.toBe('pending');

    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    // A reply after the timeout is treated as a plain event.
    h.net.last.receive({ type: 'chat', re: h.net.last.last('chat').id, room: 'r1', seq: 2, playerId: 'pA', name: 'Ada', seat: 0, text: 'hello' });
    expect(h.events.map((e) => e.seq)).toEqual([2]);
  });

  it('rejects a reply of the wrong type', async () => {
    h = await start();
    await joinAs(h);
    const rematch = h.client.rematch();
    await flush();
    h.net.last.receive({ type: 'pong', re: h.net.last.last('rematch').id });
    await expect(rematch).rejects.toBeInstanceOf(UnexpectedReplyError);
  });

  it('rejects move, chat, leave and rematch before any join, without sending', async () => {
    h = await start();
    await expect(h.client.move(0)).rejects.toBeInstanceOf(NotJoinedError);
    await expect(h.client.chat('hi')).rejects.toBeInstanceOf(NotJoinedError);
    await expect(h.client.leave()).rejects.toBeInstanceOf(NotJoinedError);
    await expect(h.client.rematch()).rejects.toBeInstanceOf(NotJoinedError);
    expect(h.net.last.sent).toEqual([]);
  });

  it('holds a request made while connecting and sends it once the socket opens', async () => {
    const net = new FakeNetwork();
    const client = connect('ws://arena.test', { WebSocket: net.WebSocket, storage: memoryStorage(), locks: null, keepAliveMs: 0 });
    h = { net, client, storage: memoryStorage(), events: [], states: [] };
    const joined = client.join('r1', 'Ada');
    await flush();
    expect(net.last.sent).toEqual([]);

    net.last.open();
    await flush();
    expect(net.last.sentActions()).toEqual(['join']);
    welcome(net.last);
    await expect(joined).resolves.toMatchObject({ type: 'welcome', room: 'r1' });
  });

  it('rejects a request in flight that is not resent (leave) with ConnectionLostError when the socket drops', async () => {
    h = await start();
    await joinAs(h);
    const leave = h.client.leave();
    await flush();
    h.net.last.drop();
    const error: unknown = await leave.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionLostError);
    expect(error).toMatchObject({ code: 'CONNECTION_LOST' });
  });

  it('leave resolves with the left event, forgets the room and reports no room', async () => {
    h = await start();
    await joinAs(h, { token: 'T'.repeat(20) });
    const views: unknown[] = [];
    h.client.on('room', (view) => views.push(view));
    const leave = h.client.leave();
    await flush();
    h.net.last.receive({ type: 'left', re: h.net.last.last('leave').id, room: 'r1', seq: 2, playerId: 'pA', seat: 0, state: stateAt() });
    await expect(leave).resolves.toMatchObject({ type: 'left', seq: 2 });
    expect(h.client.view).toBeUndefined();
    expect(views.at(-1)).toBeUndefined();
    expect(h.storage.getItem('serverless-arena:seats:r1')).toBeNull();
  });
});

describe('when another tab takes the seat back', () => {
  it('a NOT_IN_ROOM refusal in the current room reports no room, so the page does not show a frozen board', async () => {
    h = await start();
    await joinAs(h, { token: 'tokenA-0123456789abcdef' });
    const views: unknown[] = [];
    h.client.on('room', (view) => views.push(view));
    const move = h.client.move(1);
    await flush();
    h.net.last.receive({ type: 'error', re: h.net.last.last('move').id, code: 'NOT_IN_ROOM', message: 'not in room r1' });

    await expect(move).rejects.toMatchObject({ code: 'NOT_IN_ROOM' });
    expect(views).toEqual([undefined]);
    expect(h.client.view).toBeUndefined();
    await expect(h.client.chat('anyone?')).rejects.toBeInstanceOf(NotJoinedError);
  });

  it('on `evicted` for its room: reports no room, says why, follows the room no more and does not rejoin it on reconnect', async () => {
    h = await start();
    await joinAs(h, { seq: 2, token: 'tokenA-0123456789abcdef' });
    const views: unknown[] = [];
    const evictions: unknown[] = [];
    h.client.on('room', (view) => views.push(view));
    h.client.on('evicted', (message) => evictions.push(message));
    const evicted = { type: 'evicted', room: 'r1', seat: 0, reason: 'this seat was taken back by another connection of its player' };
    h.net.last.receive(evicted);
    await flush();

    expect(views).toEqual([undefined]);
    expect(evictions).toEqual([evicted]);
    expect(h.client.view).toBeUndefined();
    h.net.last.receive(moved(3));
    expect(h.events).toEqual([]);
    await expect(h.client.move(1)).rejects.toBeInstanceOf(NotJoinedError);
    // The token stays: the window that took the seat may be this browser's, and it saved the newer one.
    expect(h.storage.getItem('serverless-arena:seats:r1')).not.toBeNull();

    h.net.last.drop();
    await vi.advanceTimersByTimeAsync(375);
    h.net.last.open();
    await flush();
    expect(h.net.last.sent).toEqual([]);
    expect(h.client.connectionState).toBe('open');
  });

  it('ignores `evicted` for a room it is no longer in', async () => {
    h = await start();
    await joinAs(h, { seq: 2 });
    h.net.last.receive({ type: 'evicted', room: 'old-room', seat: 1, reason: 'taken back' });
    await flush();
    expect(h.client.view?.room).toBe('r1');
  });
});

describe('request ids', () => {
  it('differ from those of an earlier page load, which the server still holds as idempotency keys', async () => {
    h = await start();
    await joinAs(h, { token: 'tokenA-0123456789abcdef' });
    const first = h.client.move(3).catch(() => undefined);
    await flush();
    const before = h.net.last.sent.map((message) => message.id);
    await h.client.close();
    await first;

    // A reload: the same seat (token), a new client.
    h = await start({}, h.storage);
    await joinAs(h, { token: 'tokenB-0123456789abcdef' });
    const second = h.client.move(3).catch(() => undefined);
    await flush();
    const after = h.net.last.sent.map((message) => message.id);
    expect(after.filter((id) => before.includes(id))).toEqual([]);
    await h.client.close();
    await second;
  });
});
