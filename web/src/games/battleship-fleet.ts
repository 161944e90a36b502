/**
 * Battleship's geometry, for the page: the grid, the fleet, the cells of a
 * ship, and a random legal fleet. The rules (`src/games/battleship.ts`) export
 * the same three things, but importing them would bundle their valibot
 * schemas too (about 7 kB of the page for three constants); a unit test keeps
 * these equal to the rules' instead (test/unit/web/battleship-fleet.test.ts).
 * The types are the rules' own: a type-only import adds nothing to the page.
 */
import type { Direction, Ship } from '../../../src/games/battleship';

export type { Direction, Ship, Shot, ShotResult } from '../../../src/games/battleship';

/** Rows and columns per grid, numbered 0 to GRID - 1. */
export const GRID = 10;
/** The lengths of the ships every player places, longest first. */
export const FLEET: readonly number[] = [5, 4, 3, 3, 2];

/** The cells a ship covers, from its first cell. */
export const cellsOf = ({ row, column, length, direction }: Ship): [number, number][] =>
  Array.from({ length }, (_, step) => (direction === 'across' ? [row, column + step] : [row + step, column]));

/** One string per cell, for sets of cells. */
export const cellKey = (row: number, column: number): string => `${row},${column}`;

const inGrid = ([row, column]: [number, number]): boolean => row >= 0 && row < GRID && column >= 0 && column < GRID;

/** Whether `ship` lies inside the grid and on no cell of `others` (ships may touch). */
export const fits = (ship: Ship, others: readonly Ship[]): boolean => {
  const taken = new Set(others.flatMap((other) => cellsOf(other).map(([r, c]) => cellKey(r, c))));
  return cellsOf(ship).every((cell) => inGrid(cell) && !taken.has(cellKey(...cell)));
};

/** The ship of `fleet` covering (row, column), if any. */
export const shipAt = (fleet: readonly Ship[], row: number, column: number): Ship | undefined =>
  fleet.find((ship) => cellsOf(ship).some(([r, c]) => r === row && c === column));

/**
 * A legal fleet at random: each ship of FLEET, longest first, at a random
 * place and direction where it fits. Longest first always succeeds on a 10x10
 * grid within a few tries; the bound only keeps a broken `random` from looping.
 */
export const randomFleet = (random: () => number = Math.random): Ship[] => {
  const pick = (n: number) => Math.min(n - 1, Math.floor(random() * n));
  for (let attempt = 0; attempt < 100; attempt++) {
    const fleet: Ship[] = [];
    for (const length of FLEET) {
      for (let tries = 0; tries < 500 && fleet.length < FLEET.length; tries++) {
        const direction: Direction = random() < 0.5 ? 'across' : 'down';
        const span = GRID - length + 1;
        const ship = direction === 'across' ? { row: pick(GRID), column: pick(span), length, direction } : { row: pick(span), column: pick(GRID), length, direction };
        if (fits(ship, fleet)) {
          fleet.push(ship);
          break;
        }
      }
    }
    if (fleet.length === FLEET.length) return fleet;
  }
  throw new Error('no random fleet found: is `random` returning values in [0, 1)?');
};
