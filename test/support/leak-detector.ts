import { cellsOf, type BattleshipState, type Ship } from '../../src/games/battleship';
import type { StoredEvent } from '../../src/rooms/record';

/** One message as a connection received it, with who that connection is. */
export interface Received {
  connectionId: string;
  /** The seat that connection played (null: a spectator). */
  seat: number | null;
  message: Record<string, unknown>;
}

export interface Leak {
  connectionId: string;
  type: string;
  owner: number;
  cell: [number, number];
}

const isShip = (value: unknown): value is Ship =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Ship).row === 'number' &&
  typeof (value as Ship).column === 'number' &&
  typeof (value as Ship).length === 'number' &&
  ((value as Ship).direction === 'across' || (value as Ship).direction === 'down');

/** Every ship-shaped object anywhere in a message, however a view might have nested it. */
const shipsIn = (value: unknown, found: Ship[] = []): Ship[] => {
  if (isShip(value)) found.push(value);
  else if (Array.isArray(value)) for (const item of value) shipsIn(item, found);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) shipsIn(item, found);
  return found;
};

/**
 * What was true at each seq, from the room's own log (the full, unfiltered
 * state the server stores): each seat's fleet, the cells the other seat had
 * hit, and whether the game was over. Independent of the views under test.
 */
export const truthFrom = (log: readonly StoredEvent[]) => {
  const at = (seq: number) => {
    const last = log.filter((event) => event.seq <= seq && event.after !== undefined).at(-1);
    const state = last?.after?.state as BattleshipState | undefined;
    const over = last?.after?.status === 'won' || last?.after?.status === 'draw';
    const hit = (owner: number) => new Set((state?.shots[owner === 0 ? 1 : 0] ?? []).map((shot) => `${shot.row},${shot.column}`));
    return { fleets: state?.fleets ?? [null, null], hit, over };
  };
  return at;
};

/**
 * Fails loudly on a ship cell that was not yet hit, revealed to anyone but
 * its owner, before the game ended: the leak boardgame.io shipped for years.
 * A message is judged at the seq it carries (an events reply at its newest).
 */
export const findLeaks = (received: readonly Received[], truth: ReturnType<typeof truthFrom>): Leak[] => {
  const leaks: Leak[] = [];
  for (const { connectionId, seat, message } of received) {
    const seqs = [message.seq, ...((message.events as { seq?: number }[] | undefined) ?? []).map((event) => event.seq)].filter((seq): seq is number => typeof seq === 'number');
    if (seqs.length === 0) continue;
    const { fleets, hit, over } = truth(Math.max(...seqs));
    if (over) continue;
    for (const ship of shipsIn(message)) {
      for (const cell of cellsOf(ship)) {
        fleets.forEach((fleet, owner) => {
          if (owner === seat || fleet === null) return;
          const theirs = fleet.some((own) => cellsOf(own).some(([r, c]) => r === cell[0] && c === cell[1]));
          if (theirs && !hit(owner).has(`${cell[0]},${cell[1]}`)) leaks.push({ connectionId, type: String(message.type), owner, cell });
        });
      }
    }
  }
  return leaks;
};
