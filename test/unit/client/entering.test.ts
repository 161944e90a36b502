import { describe, expect, it } from 'vitest';
import type { RoomView } from '../../../src/client';
import { moved, stateAt } from './fake-network';
import { flush, joinAs, reconnect, start, welcome, type Harness, useFakeClock } from './harness';

let h: Harness;
useFakeClock(() => h);

const NEW_ROOM = 'Xq3_k9-Lm2';
const tokenN = 'tokenN-0123456789abcdef';

describe('create, quick play and the lobby', () => {
  it('create sends the options and puts the client in the room the server chose, as a join would', async () => {
    h = await start();
    const created = h.client.create({ game: 'battleship', name: 'Ada', clock: { turnSeconds: 30 }, visibility: 'public' });
    await flush();
    expect(h.net.last.last('create')).toMatchObject({ action: 'create', game: 'battleship', name: 'Ada', clock: { turnSeconds: 30 }, visibility: 'public' });
    welcome(h.net.last, { room: NEW_ROOM, seq: 1, token: tokenN, state: stateAt({ game: 'battleship', status: 'waiting' }) }, 'create');

    await expect(created).resolves.toMatchObject({ room: NEW_ROOM });
    expect(h.client.view).toMatchObject({ room: NEW_ROOM, seq: 1, you: { playerId: 'pA', seat: 0 }, cause: 'welcome' });
    expect(JSON.parse(h.storage.getItem(`serverless-arena:seats:${NEW_ROOM}`) ?? '[]')).toEqual([{ playerId: 'pA', token: tokenN }]);
    h.net.last.receive(moved(2, NEW_ROOM));
    expect(h.events.map((event) => [event.room, event.seq])).toEqual([[NEW_ROOM, 2]]);
    const move = h.client.move({ kind: 'shoot', row: 1, column: 2 });
    await flush();
    expect(h.net.last.last('move')).toMatchObject({ room: NEW_ROOM, kind: 'shoot', row: 1, column: 2 });
    h.net.last.receive(moved(3, NEW_ROOM, { re: h.net.last.last('move').id }));
    await move;

    // A reconnect takes the seat back there with the token the welcome gave.
    const socket = await reconnect(h);
    expect(socket.last('join')).toMatchObject({ room: NEW_ROOM, name: 'Ada', token: tokenN });
  });

  it('keeps the events of the new room that overtake the welcome of a quick play', async () => {
    h = await start();
    const played = h.client.quickplay('connect4', 'Bob');
    await flush();
    expect(h.net.last.last('quickplay')).toMatchObject({ game: 'connect4', name: 'Bob' });
    // Seat 0 moved as soon as Bob sat down: its event can arrive before Bob's welcome.
    h.net.last.receive(moved(4, NEW_ROOM));
    welcome(h.net.last, { room: NEW_ROOM, seq: 3, seat: 1, playerId: 'pB' }, 'quickplay');
    await played;

    expect(h.events.map((event) => [event.room, event.seq])).toEqual([[NEW_ROOM, 4]]);
    expect(h.client.view?.seq).toBe(4);
    expect(h.net.last.sentActions()).not.toContain('sync');
  });

  it('a refused quick play leaves the client in the room it was in, following its events', async () => {
    h = await start();
    await joinAs(h, { seq: 2 });
    const played = h.client.quickplay('connect4', 'Ada');
    await flush();
    h.net.last.receive({ type: 'error', re: h.net.last.last('quickplay').id, code: 'ALREADY_SEATED', message: 'you play a seat in r1' });
    await expect(played).rejects.toMatchObject({ code: 'ALREADY_SEATED' });

    expect(h.client.view?.room).toBe('r1');
    h.net.last.receive(moved(3));
    h.net.last.receive(moved(1, 'elsewhere'));
    expect(h.events.map((event) => [event.room, event.seq])).toEqual([['r1', 3]]);
  });

  it('rooms asks for a page of the lobby and resolves with it, cursor and all', async () => {
    h = await start();
    const page = h.client.rooms('battleship', 'playing', 'c-1');
    await flush();
    const request = h.net.last.last('rooms');
    expect(request).toMatchObject({ action: 'rooms', game: 'battleship', status: 'playing', cursor: 'c-1' });
    const reply = { type: 'rooms', re: request.id, rooms: [{ room: 'r9', game: 'battleship', status: 'playing', players: ['Ada', 'Bob'], spectators: 2, clock: null }], cursor: 'c-2' };
    h.net.last.receive(reply);
    await expect(page).resolves.toEqual(reply);
    expect(h.client.view).toBeUndefined();
  });

  it('a move is the game fields given; they cannot pass for the envelope', async () => {
    h = await start();
    await joinAs(h);
    const move = h.client.move({ column: 3, action: 'chat', id: 'mine', room: 'other' }).catch(() => undefined);
    await flush();
    const sent = h.net.last.sent.at(-1);
    expect(sent).toMatchObject({ action: 'move', room: 'r1', column: 3 });
    expect(sent?.id).not.toBe('mine');
    await h.client.close();
    await move;
  });
});

describe('the room as events change it', () => {
  it('an ended event (the clock ran out) reaches the view with its state as it is', async () => {
    h = await start();
    await joinAs(h, { seq: 2, state: stateAt({ clock: { turnSeconds: 30 }, deadline: 1_700_000_000_000, visibility: 'public' }) });
    const views: RoomView[] = [];
    h.client.on('room', (view) => view && views.push(view));
    const state = stateAt({ status: 'won', winner: 1, reason: 'timeout', toMove: [], turn: null, deadline: null, clock: { turnSeconds: 30 }, visibility: 'public' });
    h.net.last.receive({ type: 'ended', room: 'r1', seq: 3, reason: 'timeout', seats: [0], state });

    expect(h.events.map((event) => event.type)).toEqual(['ended']);
    expect(views.at(-1)).toMatchObject({ seq: 3, cause: 'event', state });
  });
});
