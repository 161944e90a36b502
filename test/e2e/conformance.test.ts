import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { ConformanceClient, type Message } from '../support/conformance-client';

/**
 * Whole games played by a client written from docs/ alone (the JSON Schemas
 * and docs/protocol.md; test/support/conformance-client.ts imports nothing
 * from src/), against the shared e2e stack (serverless offline). Every frame
 * it receives must be valid against docs/schemas/server/message.json.
 */
const url = inject('websocketUrl');
const clients: ConformanceClient[] = [];
afterAll(async () => await Promise.all(clients.map(async (client) => await client.close())));
afterEach(() => {
  for (const client of clients) expect(client.violations, `${client.name} received frames outside the spec`).toEqual([]);
});

const connect = async (name: string) => {
  const client = await ConformanceClient.connect(url, name);
  clients.push(client);
  return client;
};

/** Sends a frame the client's own schemas would refuse, and waits for what answers its id. */
const raw = async (client: ConformanceClient, frame: Record<string, unknown> | string, id: string): Promise<Message> => {
  client.send(frame);
  return await client.waitFor((m) => m.re === id, 10_000, `the answer to ${id}`);
};

const expectEvent = (message: Message, type: string) => expect(message, JSON.stringify(message)).toMatchObject({ type, seq: expect.any(Number) });

/** Battleship fleet of docs/protocol.md: lengths 5, 4, 3, 3, 2, one per row from column 0. */
const FLEET = [5, 4, 3, 3, 2].map((length, row) => ({ row, column: 0, length, direction: 'across' }));

describe('a client written from docs/ alone', () => {
  it('creates a room, seats a second player and a spectator, plays Connect Four to a win, chats, and rematches', async () => {
    const [ada, bob, sam] = [await connect('Ada'), await connect('Bob'), await connect('Sam')];

    const created = await ada.request({ action: 'create', game: 'connect4', name: 'Ada' });
    expect(created).toMatchObject({ type: 'welcome', you: { seat: 0 }, state: { status: 'waiting', game: 'connect4', visibility: 'private' } });
    const room = created.room as string;
    expect(await bob.join(room)).toMatchObject({ type: 'welcome', you: { seat: 1 }, state: { status: 'playing', turn: 0, round: 1 } });
    const watching = await sam.join(room);
    expect(watching).toMatchObject({ type: 'welcome', you: { seat: null, token: expect.stringMatching(/^watch-/) } });

    let last: Message | undefined;
    for (const [player, column] of [[ada, 0], [bob, 1], [ada, 0], [bob, 1], [ada, 0], [bob, 1], [ada, 0]] as const) {
      last = await player.move({ column });
      expectEvent(last, 'moved');
    }
    expect(last?.state).toMatchObject({ status: 'won', winner: 0, reason: 'win', toMove: [], turn: null, spectators: 1 });
    expect(await bob.move({ column: 2 })).toMatchObject({ type: 'error', code: 'GAME_OVER', re: expect.any(String) });

    const line = await sam.chat('well played');
    expect(line).toMatchObject({ type: 'chat', seat: null, name: 'Sam', text: 'well played', spectators: 1 });

    expect(await ada.request({ action: 'rematch', room })).toMatchObject({ type: 'rematch', requested: [0], started: false });
    const started = await bob.request({ action: 'rematch', room });
    expect(started).toMatchObject({ type: 'rematch', requested: [0, 1], started: true, state: { status: 'playing', round: 2, turn: 1 } });

    // Every member applied every event, in order, up to the last one.
    for (const client of [ada, bob, sam]) {
      await client.waitApplied(started.seq as number);
      expect(client.state).toMatchObject({ round: 2, status: 'playing' });
    }
    expect(sam.applied.filter((e) => e.type === 'moved').map((e) => e.column)).toEqual([0, 1, 0, 1, 0, 1, 0]);
  });

  it('reconnects with the seat token: a move sent as its socket dies is resent with its id and applied once; sync fills the rest', async () => {
    const [ada, bob] = [await connect('Ada'), await connect('Bob')];
    const room = (await ada.request({ action: 'create', game: 'connect4', name: 'Ada' })).room as string;
    const bobWelcome = await bob.join(room);
    const [bobId, firstToken] = [bob.playerId, bob.token];
    await ada.move({ column: 3 });
    const first = await bob.move({ column: 3 }, 'bob-move-1');

    // Bob drops; the room moves on without him.
    bob.kill();
    await ada.waitFor((m) => m.type === 'presence' && m.online === false, 10_000, 'bob offline');
    await ada.chat('where did you go?');
    await ada.move({ column: 4 });

    // Back with the seat token: the same player, a new token, and what he missed through sync.
    const welcome = await bob.reconnect();
    expect(welcome).toMatchObject({ type: 'welcome', you: { seat: 1, playerId: bobId } });
    expect(bob.token).not.toBe(firstToken);
    await ada.waitFor((m) => m.type === 'presence' && m.online === true, 10_000, 'bob back');
    // A request resent after the reconnect, though it was applied: its original event, same seq, not applied again.
    expect(await bob.move({ column: 3 }, 'bob-move-1')).toMatchObject({ type: 'moved', seq: first.seq, by: 1, column: 3, re: 'bob-move-1' });

    // Sent as the socket dies: applied or not; the reconnect resends it with its id, which settles it either way.
    const racing = bob.move({ column: 4 }, 'bob-move-2');
    bob.kill();
    await bob.reconnect();
    const settled = await racing;
    expect(settled).toMatchObject({ type: 'moved', by: 1, column: 4, re: 'bob-move-2' });

    // Applied once each: the room saw one move per request, at the seq the answers carry.
    await ada.move({ column: 5 });
    const bobsMoves = ada.applied.filter((e) => e.type === 'moved' && e.by === 1);
    expect(bobsMoves.map((e) => [e.seq, e.column])).toEqual([
      [first.seq, 3],
      [settled.seq, 4],
    ]);

    // Bob applied every event after his first welcome, in order, what he missed included.
    await bob.waitApplied(ada.lastSeq);
    const from = bobWelcome.seq as number;
    expect(bob.applied.map((e) => e.seq)).toEqual(Array.from({ length: ada.lastSeq - from }, (_, i) => from + 1 + i));
    expect(bob.applied.some((e) => e.type === 'chat' && e.text === 'where did you go?')).toBe(true);
  });

  it('refuses with typed errors that carry re: ID_REUSED, PAYLOAD_TOO_LARGE, BAD_REQUEST, UNKNOWN_ACTION, NOT_IN_ROOM, NOT_YOUR_TURN, ALREADY_SEATED', async () => {
    const [ada, bob] = [await connect('Ada'), await connect('Bob')];
    // A frame with no readable id: the error cannot carry re.
    ada.send('{"action":"ping","id":"broken"');
    expect(await ada.waitFor((m) => m.type === 'error')).toEqual({ type: 'error', code: 'BAD_REQUEST', message: expect.any(String) });
    const room = (await ada.request({ action: 'create', game: 'connect4', name: 'Ada' })).room as string;
    await bob.join(room);

    await ada.move({ column: 2 }, 'ada-1');
    expect(await ada.move({ column: 5 }, 'ada-1')).toMatchObject({ type: 'error', code: 'ID_REUSED', re: 'ada-1' });
    const said = await ada.chat('hello', 'ada-chat');
    expect(await ada.chat('goodbye', 'ada-chat')).toMatchObject({ type: 'error', code: 'ID_REUSED', re: 'ada-chat' });
    const resaid = await ada.chat('hello', 'ada-chat');
    expect(resaid).toMatchObject({ type: 'chat', seq: said.seq, text: 'hello', re: 'ada-chat' });
    expect(resaid.spectators).toBeUndefined();

    const big = JSON.stringify({ action: 'chat', room, text: 'x'.repeat(40_000), id: 'too-big' });
    expect(await raw(ada, big, 'too-big')).toMatchObject({ type: 'error', code: 'PAYLOAD_TOO_LARGE' });
    expect(await raw(ada, { action: 'move', room, column: 3, seat: 1, id: 'extra' }, 'extra')).toMatchObject({ type: 'error', code: 'BAD_REQUEST' });
    expect(await raw(ada, { action: 'fly', id: 'fly' }, 'fly')).toMatchObject({ type: 'error', code: 'UNKNOWN_ACTION' });
    expect(await ada.request({ action: 'move', room: 'nowhere', column: 3 })).toMatchObject({ type: 'error', code: 'NOT_IN_ROOM' });
    expect(await ada.move({ column: 3 })).toMatchObject({ type: 'error', code: 'NOT_YOUR_TURN' });
    expect(await ada.request({ action: 'quickplay', game: 'connect4', name: 'Ada' })).toMatchObject({ type: 'error', code: 'ALREADY_SEATED' });
  });

  it('quick play pairs two players in a public Battleship room; placement, a whole battle to a win, hidden fleets, a spectator who comes back', async () => {
    const [cy, dee, eve] = [await connect('Cy'), await connect('Dee'), await connect('Eve')];
    // A public room another test left waiting would seat Cy with a stranger: give that seat up and ask again.
    let opened = await cy.request({ action: 'quickplay', game: 'battleship', name: 'Cy' });
    for (let tries = 0; opened.type === 'welcome' && (opened.state as { status: string }).status !== 'waiting' && tries < 3; tries++) {
      await cy.request({ action: 'leave', room: opened.room });
      opened = await cy.request({ action: 'quickplay', game: 'battleship', name: 'Cy' });
    }
    expect(opened).toMatchObject({ type: 'welcome', you: { seat: 0 }, state: { status: 'waiting', visibility: 'public', game: 'battleship' } });
    const room = opened.room as string;
    const paired = await dee.request({ action: 'quickplay', game: 'battleship', name: 'Dee' });
    expect(paired).toMatchObject({ type: 'welcome', room, you: { seat: 1 }, state: { status: 'playing', toMove: [0, 1], turn: null, phase: 'placement' } });
    const lobby = await cy.request({ action: 'rooms', game: 'battleship', status: 'playing' });
    expect(lobby.type).toBe('rooms');

    expect(await cy.move({ kind: 'place', ships: [...FLEET.slice(1), { row: 1, column: 2, length: 5, direction: 'across' }] })).toMatchObject({ type: 'error', code: 'ILLEGAL_MOVE' });
    const placed = await cy.move({ kind: 'place', ships: FLEET });
    expect(placed).toMatchObject({ type: 'moved', kind: 'place', ships: FLEET, state: { toMove: [1], placed: [true, false] } });
    await dee.waitFor((m) => m.seq === placed.seq, 10_000, 'cy placed');
    expect(dee.applied.find((e) => e.seq === placed.seq)).not.toHaveProperty('ships');
    await dee.move({ kind: 'place', ships: FLEET });
    const spectating = await eve.join(room);
    expect(spectating.state).toMatchObject({ phase: 'battle', fleets: [null, null], turn: 0 });
    expect(cy.state).toMatchObject({ fleets: [FLEET, null] });

    // Cy sinks Dee's fleet cell by cell; Dee misses on the bottom rows.
    let last: Message | undefined;
    let misses = 0;
    for (const ship of FLEET) {
      for (let column = 0; column < ship.length; column++) {
        last = await cy.move({ kind: 'shoot', row: ship.row, column });
        expectEvent(last, 'moved');
        if ((last.state as { status: string }).status === 'won') break;
        if (column === 0 && ship.row === 0) expect(await cy.move({ kind: 'shoot', row: 9, column: 9 })).toMatchObject({ type: 'error', code: 'NOT_YOUR_TURN' });
        await dee.move({ kind: 'shoot', row: 9 - Math.floor(misses / 10), column: misses % 10 });
        misses++;
      }
    }
    expect(last).toMatchObject({ result: 'sunk', ship: FLEET[4], state: { status: 'won', winner: 0, phase: 'over' } });
    await eve.waitApplied(last?.seq as number);
    expect(eve.state).toMatchObject({ fleets: [FLEET, FLEET], sunk: [[], FLEET] });

    // The spectator drops and comes back with its spectator token: the same spectator.
    const eveId = eve.playerId;
    eve.kill();
    const back = await eve.reconnect();
    expect(back).toMatchObject({ type: 'welcome', you: { seat: null, playerId: eveId } });
    expect(await eve.request({ action: 'leave', room })).toMatchObject({ type: 'left', seat: null, playerId: eveId });
    expect(await eve.request({ action: 'ping' })).toMatchObject({ type: 'pong' });
  });

  it('meets RATE_LIMITED with retryAfterMs in a flood, and is admitted again after waiting that long', async () => {
    const flood = await connect('Flood');
    const answers = await Promise.all(Array.from({ length: 130 }, async () => await flood.request({ action: 'ping' })));

    const limited = answers.filter((m) => m.type === 'error');
    expect(limited.length).toBeGreaterThan(0);
    for (const refusal of limited) expect(refusal).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number), re: expect.any(String) });
    const wait = Math.max(...limited.map((m) => m.retryAfterMs as number));
    await new Promise((resolve) => setTimeout(resolve, wait));
    expect(await flood.request({ action: 'ping' })).toMatchObject({ type: 'pong' });
  });
});
