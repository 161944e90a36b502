import type { ServerMessage } from '../../src/protocol';
import { memoryArena } from './memory-arena';

/** A legal Battleship fleet: one ship per row from column 0. */
export const FLEET_ROWS = [5, 4, 3, 3, 2].map((length, row) => ({ row, column: 0, length, direction: 'across' as const }));

/**
 * Every kind of message the server sends, produced by the real handlers in
 * memory: both games to their end, chat, sync (events and snapshot), the
 * lobby, a spectator's leave, a seat taken back from an open connection
 * (evicted), a clock running out and a player not coming back (ended), a
 * rematch, and refusals (RATE_LIMITED included). The spec tests run every
 * message through both the valibot schemas and the generated JSON Schemas.
 */
export const sampleSession = async (): Promise<ServerMessage[]> => {
  const arena = memoryArena();
  const [ada, bob, sam] = [await arena.connect('ada'), await arena.connect('bob'), await arena.connect('sam')];

  // Connect Four to a win, watched, then a rematch.
  let moves = 0;
  await ada.send({ action: 'create', game: 'connect4', name: 'Ada', visibility: 'public', clock: { turnSeconds: 30 }, id: 'c1' });
  const c4 = ada.last('welcome').room;
  await ada.send({ action: 'rooms', game: 'connect4', status: 'waiting', id: 'l1' });
  await bob.send({ action: 'join', room: c4, name: 'Bob', id: 'j1' });
  await sam.send({ action: 'join', room: c4, name: 'Sam', id: 'j2' });
  for (const [player, column] of [[ada, 0], [bob, 1], [ada, 0], [bob, 1], [ada, 0], [bob, 1], [ada, 0]] as const) {
    await player.send({ action: 'move', room: c4, column, id: `m${++moves}` });
  }
  await sam.send({ action: 'chat', room: c4, text: 'well played', id: 'say' });
  await sam.send({ action: 'chat', room: c4, text: 'well played', id: 'say' });
  await ada.send({ action: 'rematch', room: c4, id: 'r1' });
  await bob.send({ action: 'rematch', room: c4, id: 'r2' });
  // A short gap is replayed (events); one further back than the room keeps gets a snapshot (below).
  await sam.send({ action: 'sync', room: c4, since: sam.last('rematch').seq - 3, id: 's1' });
  await ada.send({ action: 'move', room: c4, column: 9, id: 'bad' });
  await sam.send({ action: 'leave', room: c4, id: 'bye' });

  // The clock runs out during the rematch: `ended` (timeout) reaches the room through a sync.
  arena.advance(31_000);
  await ada.send({ action: 'sync', room: c4, since: 1, id: 's2' });

  // Battleship to a win between two others, a spectator watching.
  const [cy, dee, eve] = [await arena.connect('cy'), await arena.connect('dee'), await arena.connect('eve')];
  await cy.send({ action: 'create', game: 'battleship', name: 'Cy', id: 'b1' });
  const bs = cy.last('welcome').room;
  await dee.send({ action: 'join', room: bs, name: 'Dee', id: 'b2' });
  await eve.send({ action: 'join', room: bs, name: 'Eve', id: 'b3' });
  await cy.send({ action: 'move', room: bs, kind: 'place', ships: FLEET_ROWS, id: 'p1' });
  await dee.send({ action: 'move', room: bs, kind: 'place', ships: FLEET_ROWS, id: 'p2' });
  let shot = 0;
  for (const { row, length } of FLEET_ROWS) {
    for (let column = 0; column < length; column++) {
      await cy.send({ action: 'move', room: bs, kind: 'shoot', row, column, id: `s${++shot}` });
      // Dee misses on the bottom rows, away from Cy's fleet.
      if (row !== 4 || column !== length - 1) await dee.send({ action: 'move', room: bs, kind: 'shoot', row: 9 - Math.floor(shot / 10), column: shot % 10, id: `d${shot}` });
    }
  }

  // Dee comes back on a second connection while the first is open (evicted), then drops and does not come back (ended abandoned, left).
  await cy.send({ action: 'rematch', room: bs, id: 'again' });
  const dee2 = await arena.connect('dee2');
  const deeToken = dee.inbox().find((m) => m.type === 'welcome')?.you.token;
  await dee2.send({ action: 'join', room: bs, name: 'Dee', token: deeToken, id: 'back' });
  await dee2.send({ action: 'rematch', room: bs, id: 'again' });
  await dee2.close();
  arena.advance(61_000);
  await cy.send({ action: 'sync', room: bs, since: 1000, id: 'late' });
  await cy.send({ action: 'ping', id: 'p' });
  await cy.send('not json');

  // A flood meets the per-connection limit.
  const limited = memoryArena({ rateLimit: { capacity: 2, refillPerSecond: 0.01 } });
  const flooder = await limited.connect('flood');
  for (let index = 0; index < 4; index++) await flooder.send({ action: 'ping', id: `f${index}` });

  return [ada, bob, sam, cy, dee, eve, dee2, flooder].flatMap((player) => player.inbox());
};
