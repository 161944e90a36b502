import { describe, expect, it } from 'vitest';
import { ConnectionLostError } from '../../../src/client';
import { chatEvent, moved, stateAt } from './fake-network';
import { flush, joinAs, reconnect, start, welcome, type Harness, useFakeClock } from './harness';

let h: Harness;
useFakeClock(() => h);

const tokenA = 'tokenA-0123456789abcdef';
const tokenB = 'tokenB-0123456789abcdef';

const movedEvents = () => h.events.filter((event) => event.type === 'moved');

describe('requests in flight when the socket drops (exactly once)', () => {
  it('resends a move applied before the drop with the same id after the rejoin; the original event settles it, delivered once', async () => {
    h = await start();
    await joinAs(h, { seq: 2, token: tokenA });
    const move = h.client.move(3);
    let settled = 0;
    const outcome = move.then(
      (event) => ((settled += 1), event),
      (error: unknown) => ((settled += 1), error),
    );
    await flush();
    const original = h.net.last.last('move');

    // The server applied it as seq 3, but the socket died before its answer came.
    const socket = await reconnect(h);
    expect(socket.sentActions()).toEqual(['join']);
    welcome(socket, { seq: 3, token: tokenB });
    await flush();
    const sync = socket.last('sync');
    expect(sync).toMatchObject({ since: 2 });
    socket.receive({ type: 'events', re: sync.id, room: 'r1', events: [moved(3)] });
    await flush();

    // Only once the seat is back and the room caught up: the same request, byte for byte.
    expect(socket.sentActions()).toEqual(['join', 'sync', 'move']);
    expect(socket.last('move')).toEqual(original);
    // The server answers the resend with the original event (same seq), not a second move.
    socket.receive(moved(3, 'r1', { re: original.id }));
    await expect(outcome).resolves.toMatchObject({ type: 'moved', seq: 3, re: original.id });
    await flush();
    expect(settled).toBe(1);
    expect(movedEvents().map((event) => event.seq)).toEqual([3]);
  });

  it('resends a move the server never got, which it applies then; one moved event', async () => {
    h = await start();
    await joinAs(h, { seq: 2, token: tokenA });
    const move = h.client.move({ column: 5 });
    await flush();
    const original = h.net.last.last('move');

    const socket = await reconnect(h);
    welcome(socket, { seq: 2, token: tokenB });
    await flush();
    expect(socket.sentActions()).toEqual(['join', 'move']);
    expect(socket.last('move')).toEqual(original);
    socket.receive(moved(3, 'r1', { re: original.id }));
    await expect(move).resolves.toMatchObject({ seq: 3 });
    expect(movedEvents().map((event) => event.seq)).toEqual([3]);
  });

  it('resends chat lines and rematch requests too, in the order they were made', async () => {
    h = await start();
    await joinAs(h, { seq: 2, token: tokenA, state: stateAt({ status: 'won', winner: 0, toMove: [], turn: null }) });
    const chat = h.client.chat('gg');
    const rematch = h.client.rematch();
    await flush();
    const sent = [h.net.last.last('chat'), h.net.last.last('rematch')];

    const socket = await reconnect(h);
    welcome(socket, { seq: 2, token: tokenB });
    await flush();
    expect(socket.sent.slice(1)).toEqual(sent);
    socket.receive({ ...chatEvent(3, 'gg'), re: sent[0]?.id });
    socket.receive({ type: 'rematch', room: 'r1', seq: 4, re: sent[1]?.id, requested: [0], started: false, state: stateAt() });
    await expect(chat).resolves.toMatchObject({ seq: 3 });
    await expect(rematch).resolves.toMatchObject({ seq: 4 });
  });

  it('does not resend a move as someone else: when the seat is not taken back, the move fails with ConnectionLostError', async () => {
    h = await start();
    await joinAs(h, { seq: 2, token: tokenA });
    const move = h.client.move(3);
    const outcome = move.catch((error: unknown) => error);
    await flush();

    const socket = await reconnect(h);
    socket.receive({ type: 'error', re: socket.last('join').id, code: 'BAD_REQUEST', message: 'this seat token is not valid' });
    await flush();
    // Joined afresh: the seat went to someone else meanwhile, this client now watches.
    welcome(socket, { seq: 2, seat: null, playerId: 'pNew', token: 'watch-0123456789abcdef' });
    await flush();

    expect(await outcome).toBeInstanceOf(ConnectionLostError);
    expect(socket.sentActions()).toEqual(['join', 'join']);
  });
});
