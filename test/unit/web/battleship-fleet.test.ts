import { describe, expect, it } from 'vitest';
import * as rules from '../../../src/games/battleship';
import { cellsOf, FLEET, fits, GRID, randomFleet, type Ship } from '../../../web/src/games/battleship-fleet';

/** A small seeded generator (mulberry32): the same fleets on every run. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

describe("the page's Battleship geometry", () => {
  it('is the rules’ own: the same grid, fleet and ship cells', () => {
    expect(GRID).toBe(rules.GRID);
    expect(FLEET).toEqual(rules.FLEET);
    const ships: Ship[] = [
      { row: 0, column: 0, length: 5, direction: 'across' },
      { row: 3, column: 9, length: 2, direction: 'down' },
    ];
    for (const ship of ships) expect(cellsOf(ship)).toEqual(rules.cellsOf(ship));
  });

  it('makes random fleets the rules accept, every time', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const ships = randomFleet(seeded(seed));
      const state = rules.battleship.setup(0);
      expect(rules.battleship.validate(state, { kind: 'place', ships }, 0), `seed ${seed}: ${JSON.stringify(ships)}`).toBeUndefined();
    }
  });

  it('makes different fleets from different draws', () => {
    expect(randomFleet(seeded(1))).not.toEqual(randomFleet(seeded(2)));
  });

  it('fits a ship inside the grid and off other ships, touching allowed', () => {
    const placed: Ship[] = [{ row: 0, column: 0, length: 5, direction: 'across' }];
    expect(fits({ row: 1, column: 0, length: 4, direction: 'across' }, placed)).toBe(true);
    expect(fits({ row: 0, column: 4, length: 3, direction: 'down' }, placed)).toBe(false);
    expect(fits({ row: 0, column: 7, length: 4, direction: 'across' }, [])).toBe(false);
    expect(fits({ row: 8, column: 0, length: 3, direction: 'down' }, [])).toBe(false);
  });
});
