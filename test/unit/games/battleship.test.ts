import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { FLEET, GRID, battleship, type BattleshipMove, type BattleshipState, type Ship } from '../../../src/games/battleship';
import type { Viewer } from '../../../src/games/rules';
import type { Seat } from '../../../src/protocol';

type Cell = readonly [number, number];

const SEATS: readonly Seat[] = [0, 1];
const VIEWERS: readonly Viewer[] = [0, 1, null];
const otherOf = (seat: Seat): Seat => (seat === 0 ? 1 : 0);

// ---- independent of the rules under test ----------------------------------

/** The cells a ship covers: `across` along its row, `down` along its column. */
const cellsOf = (ship: Ship): Cell[] =>
  Array.from({ length: ship.length }, (_, step) => (ship.direction === 'across' ? [ship.row, ship.column + step] : [ship.row + step, ship.column]));
const keyOf = ([row, column]: Cell): string => `${row},${column}`;
const keysOf = (cells: readonly Cell[]): Set<string> => new Set(cells.map(keyOf));
const fleetCells = (fleet: readonly Ship[] | null): Cell[] => (fleet ?? []).flatMap(cellsOf);
const firedBy = (state: BattleshipState, seat: Seat): Set<string> => keysOf((state.shots[seat] ?? []).map((shot) => [shot.row, shot.column] as const));

/** A ship is sunk when the other seat has shot every one of its cells. */
const isSunk = (ship: Ship, fired: ReadonlySet<string>): boolean => cellsOf(ship).every((cell) => fired.has(keyOf(cell)));
const fleetSunk = (state: BattleshipState, owner: Seat): boolean => {
  const fleet = state.fleets[owner] ?? null;
  const fired = firedBy(state, otherOf(owner));
  return fleet !== null && fleet.every((ship) => isSunk(ship, fired));
};

/**
 * The cells of `owner`'s fleet the other seat may not know: on a ship not sunk
 * yet, and not shot yet (a hit is announced, so a hit cell is public).
 */
const hiddenCells = (state: BattleshipState, owner: Seat): Set<string> => {
  const fired = firedBy(state, otherOf(owner));
  const unsunk = (state.fleets[owner] ?? []).filter((ship) => !isSunk(ship, fired));
  return new Set(fleetCells(unsunk).map(keyOf).filter((key) => !fired.has(key)));
};

/**
 * Every cell a value mentions once serialised, whatever the field names: an
 * object with a `row` and a `column` names that cell (all the cells of a ship
 * when it has a `length` and a `direction` too), and so does a pair of numbers.
 */
const mentionedCells = (value: unknown): Set<string> => {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      if (node.length === 2 && node.every((n) => typeof n === 'number')) found.add(keyOf(node as unknown as Cell));
      node.forEach(walk);
    } else if (node !== null && typeof node === 'object') {
      const { row, column, length, direction } = node as Record<string, unknown>;
      if (typeof row === 'number' && typeof column === 'number') {
        const ship = typeof length === 'number' && (direction === 'across' || direction === 'down');
        const cells = ship ? cellsOf({ row, column, length, direction }) : [[row, column] as const];
        for (const cell of cells) found.add(keyOf(cell));
      }
      Object.values(node).forEach(walk);
    }
  };
  walk(JSON.parse(JSON.stringify(value)));
  return found;
};

/**
 * The hidden cells of `owner` that `shown` (a view or a described move) gives
 * away. Cells carry no grid, so the games checked with it keep seat 0's fleet
 * and seat 1's shots in rows 0-4, seat 1's fleet and seat 0's shots in rows
 * 5-9: then a cell of one grid never shares coordinates with the other's.
 */
const leaked = (shown: unknown, state: BattleshipState, owner: Seat, hidden = hiddenCells(state, owner)): string[] => {
  const mentioned = mentionedCells(shown);
  return [...hidden].filter((key) => mentioned.has(key)).sort();
};

/**
 * Every hidden cell of a seat that a view of `state` (or the description of
 * the move that produced it) gives away to another viewer, as
 * `viewer: cell`; empty when nothing leaks.
 */
const leaksOf = (state: BattleshipState, played?: { move: BattleshipMove; seat: Seat }): string[] => {
  const found: string[] = [];
  const hidden = SEATS.map((owner) => hiddenCells(state, owner));
  for (const viewer of VIEWERS) {
    const shown: unknown[] = [battleship.view(state, viewer, false)];
    if (played !== undefined) shown.push(battleship.describeMove(played.move, played.seat, state, viewer, false));
    for (const owner of SEATS.filter((seat) => seat !== viewer)) {
      for (const cell of shown.flatMap((value) => leaked(value, state, owner, hidden[owner]))) found.push(`viewer ${viewer} sees seat ${owner}'s ${cell}`);
    }
  }
  return found;
};

/** The placed ship cells some viewer does not see with `reveal`, as `viewer: cell`; empty when all is shown. */
const unrevealed = (state: BattleshipState): string[] => {
  const everything = SEATS.flatMap((seat) => fleetCells(state.fleets[seat] ?? null)).map(keyOf);
  return VIEWERS.flatMap((viewer) => {
    const mentioned = mentionedCells(battleship.view(state, viewer, true));
    return everything.filter((key) => !mentioned.has(key)).map((key) => `viewer ${viewer} misses ${key}`);
  });
};

/** Freezes what is not frozen yet (a frozen node was frozen whole here, so its children already are). */
const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
};

// ---- fixtures ---------------------------------------------------------------

/** Seat 0's fleet in rows 0-4: ships touching each other and the top, left and right edges. */
const FLEET_0: Ship[] = [
  { row: 0, column: 0, length: 5, direction: 'across' },
  { row: 1, column: 9, length: 4, direction: 'down' },
  { row: 2, column: 2, length: 3, direction: 'across' },
  { row: 3, column: 2, length: 3, direction: 'across' },
  { row: 3, column: 6, length: 2, direction: 'down' },
];
/** Seat 1's fleet in rows 5-9, listed in another order of lengths, one ship in the bottom-right corner. */
const FLEET_1: Ship[] = [
  { row: 7, column: 8, length: 2, direction: 'down' },
  { row: 5, column: 3, length: 3, direction: 'across' },
  { row: 9, column: 5, length: 5, direction: 'across' },
  { row: 7, column: 4, length: 3, direction: 'down' },
  { row: 5, column: 0, length: 4, direction: 'down' },
];

const place = (ships: Ship[]): BattleshipMove => ({ kind: 'place', ships });
const shoot = (row: number, column: number): BattleshipMove => ({ kind: 'shoot', row, column });

/** Plays a move the way the room does (the seat is one of `toMove`, the move is valid), on frozen inputs: a write would throw. */
const play = (state: BattleshipState, move: BattleshipMove, seat: Seat): BattleshipState => {
  expect(battleship.toMove(state)).toContain(seat);
  expect(battleship.validate(state, move, seat)).toBeUndefined();
  return battleship.apply(deepFreeze(state), deepFreeze(move), seat);
};

/** Both fleets placed, seat 1 first; `first` shoots first. */
const placed = (first: Seat = 0): BattleshipState => play(play(battleship.setup(first), place(FLEET_1), 1), place(FLEET_0), 0);

/** Cells of rows [from, to) that hold no ship of `fleet`. */
const waterIn = (fleet: Ship[], from: number, to: number): Cell[] => {
  const ships = keysOf(fleetCells(fleet));
  const water: Cell[] = [];
  for (let row = from; row < to; row++) for (let column = 0; column < GRID; column++) if (!ships.has(keyOf([row, column]))) water.push([row, column]);
  return water;
};

/**
 * A whole game, seat 0 first: seat 0 misses once, then sinks seat 1's ships
 * one by one; seat 1 sinks the 2-ship, hits the 5-ship once, then misses.
 */
const scriptedGame = (): { state: BattleshipState; move: BattleshipMove; seat: Seat; after: BattleshipState }[] => {
  const seat0Targets: Cell[] = [[5, 9], ...fleetCells(FLEET_1)];
  const seat1Targets: Cell[] = [[3, 6], [4, 6], [0, 0], ...waterIn(FLEET_0, 0, 5)];
  const moves: { move: BattleshipMove; seat: Seat }[] = [
    { move: place(FLEET_1), seat: 1 },
    { move: place(FLEET_0), seat: 0 },
  ];
  seat0Targets.forEach(([row, column], index) => {
    moves.push({ move: shoot(row, column), seat: 0 });
    const reply = seat1Targets[index];
    if (index < seat0Targets.length - 1 && reply !== undefined) moves.push({ move: shoot(...reply), seat: 1 });
  });
  let state = battleship.setup(0);
  return moves.map(({ move, seat }) => {
    const after = play(state, move, seat);
    const step = { state, move, seat, after };
    state = after;
    return step;
  });
};

/** Places `FLEET.length` ships one after another, each at a free position chosen by a pick, in rows [from, to). */
const fleetFrom = (picks: readonly number[], from = 0, to = GRID): Ship[] => {
  const taken = new Set<string>();
  return FLEET.map((length, index) => {
    const options: Ship[] = [];
    for (let row = from; row < to; row++) {
      for (let column = 0; column < GRID; column++) {
        for (const direction of ['across', 'down'] as const) {
          const ship = { row, column, length, direction };
          const cells = cellsOf(ship);
          if (cells.every(([r, c]) => r < to && c < GRID && !taken.has(keyOf([r, c])))) options.push(ship);
        }
      }
    }
    // Always some option: the free cells outnumber any arrangement that could block a ship (checked by the properties below).
    const ship = options[(picks[index] ?? 0) % options.length] as Ship;
    for (const cell of cellsOf(ship)) taken.add(keyOf(cell));
    return ship;
  });
};

describe('battleship rules', () => {
  describe('lifecycle', () => {
    it('declares two seats, its id and its title', () => {
      expect(battleship.id).toBe('battleship');
      expect(battleship.title).toBe('Battleship');
      expect(battleship.seats).toBe(2);
      expect([GRID, FLEET]).toEqual([10, [5, 4, 3, 3, 2]]);
    });

    it('starts in placement, with both seats to move and nothing placed or shot', () => {
      const state = battleship.setup(1);

      expect(battleship.toMove(state)).toEqual([0, 1]);
      expect(battleship.outcome(state)).toEqual({ status: 'playing' });
      expect(battleship.view(state, null, false)).toEqual({ phase: 'placement', placed: [false, false], fleets: [null, null], shots: [[], []], sunk: [[], []] });
    });

    it('gives each game its own state, so one room cannot write into another', () => {
      const first = battleship.setup(0);
      const second = battleship.setup(0);

      first.shots[0].push({ row: 0, column: 0, result: 'miss' });

      expect(second.shots[0]).toEqual([]);
    });

    it('keeps every state of a whole game as plain JSON', () => {
      for (const { after } of scriptedGame()) expect(JSON.parse(JSON.stringify(after))).toEqual(after);
    });
  });

  describe('placement', () => {
    it('accepts a fleet whose ships touch each other and the edges of the grid, in any order of lengths', () => {
      const state = battleship.setup(0);

      expect(battleship.validate(state, place(FLEET_0), 0)).toBeUndefined();
      expect(battleship.validate(state, place(FLEET_1), 1)).toBeUndefined();
    });

    it('lets the seats place in either order, then hands the first shot to the first seat', () => {
      const setup = battleship.setup(1);

      const afterSeat1 = play(setup, place(FLEET_1), 1);
      const afterBoth = play(afterSeat1, place(FLEET_0), 0);
      const afterSeat0 = play(setup, place(FLEET_0), 0);

      expect(battleship.toMove(afterSeat1)).toEqual([0]);
      expect(battleship.toMove(afterSeat0)).toEqual([1]);
      expect(battleship.toMove(afterBoth)).toEqual([1]);
      expect(battleship.view(afterBoth, null, false)).toMatchObject({ phase: 'battle', placed: [true, true] });
    });

    it.each([
      ['right', { row: 4, column: 6, length: 5, direction: 'across' }, 'the ship of length 5 at row 4, column 6 (across) does not fit in the 10x10 grid'],
      ['bottom', { row: 8, column: 0, length: 3, direction: 'down' }, 'the ship of length 3 at row 8, column 0 (down) does not fit in the 10x10 grid'],
      ['left', { row: 5, column: -1, length: 2, direction: 'across' }, 'the ship of length 2 at row 5, column -1 (across) does not fit in the 10x10 grid'],
      ['top', { row: -2, column: 7, length: 4, direction: 'down' }, 'the ship of length 4 at row -2, column 7 (down) does not fit in the 10x10 grid'],
    ] as const)('refuses a ship that goes off the %s edge', (_edge, ship, reason) => {
      const state = battleship.setup(0);
      const ships = FLEET_1.with(FLEET_1.findIndex((candidate) => candidate.length === ship.length), ship);

      const verdict = battleship.validate(state, place(ships), 1);

      expect(verdict).toBe(reason);
    });

    it('refuses ships that share a cell', () => {
      const state = battleship.setup(0);
      const ships: Ship[] = [...FLEET_0.slice(0, 4), { row: 0, column: 4, length: 2, direction: 'down' }];

      const verdict = battleship.validate(state, place(ships), 0);

      expect(verdict).toBe('ships overlap at row 0, column 4');
    });

    it.each([
      ['a 2 instead of a 3', [5, 4, 3, 2, 2], 'the fleet must be ships of lengths 5, 4, 3, 3, 2 (got 5, 4, 3, 2, 2)'],
      ['a 6 instead of the 5', [6, 4, 3, 3, 2], 'the fleet must be ships of lengths 5, 4, 3, 3, 2 (got 6, 4, 3, 3, 2)'],
      ['a 1 instead of the 2', [5, 4, 3, 3, 1], 'the fleet must be ships of lengths 5, 4, 3, 3, 2 (got 5, 4, 3, 3, 1)'],
      ['a ship missing', [5, 4, 3, 3], 'the fleet must be ships of lengths 5, 4, 3, 3, 2 (got 5, 4, 3, 3)'],
    ])('refuses a fleet with %s', (_what, lengths, reason) => {
      const state = battleship.setup(0);
      const ships = lengths.map((length, row): Ship => ({ row, column: 0, length, direction: 'across' }));

      const verdict = battleship.validate(state, place(ships), 0);

      expect(verdict).toBe(reason);
    });

    it('refuses a second placement, before and after the other seat has placed', () => {
      const once = play(battleship.setup(0), place(FLEET_0), 0);
      const both = play(once, place(FLEET_1), 1);

      expect(battleship.toMove(once)).toEqual([1]);
      expect(battleship.validate(once, place(FLEET_0), 0)).toBe('you have already placed your fleet');
      expect(battleship.validate(both, place(FLEET_1), 1)).toBe('you have already placed your fleet');
    });

    it('refuses a shot while a fleet is still to be placed', () => {
      const setup = battleship.setup(0);
      const once = play(setup, place(FLEET_0), 0);

      expect(battleship.validate(setup, shoot(5, 0), 0)).toBe('shots start once both fleets are placed');
      expect(battleship.validate(once, shoot(5, 0), 1)).toBe('shots start once both fleets are placed');
    });

    it('never mutates the state or the move it is given', () => {
      const state = play(placed(0), shoot(9, 9), 0);
      const move = shoot(9, 9);
      const before = structuredClone({ state, move });

      const next = battleship.apply(state, move, 1);

      expect({ state, move }).toEqual(before);
      expect(next.shots[1]).not.toBe(state.shots[1]);
    });

    it('stores a copy of the ships, never the objects of the move', () => {
      const ships = structuredClone(FLEET_0);

      const next = battleship.apply(battleship.setup(0), place(ships), 0);
      (ships[0] as Ship).row = 9;

      expect(next.fleets[0]).toEqual(FLEET_0);
    });
  });

  describe('battle', () => {
    it.each([0, 1] as const)('alternates single shots from the first seat (%s), a hit giving no extra shot', (first) => {
      const start = placed(first);
      const second = otherOf(first);
      const target = (seat: Seat): Ship => (seat === 0 ? FLEET_1[2] : FLEET_0[0]) as Ship;

      const afterHit = play(start, shoot(target(first).row, target(first).column), first);
      const afterReply = play(afterHit, shoot(target(second).row, target(second).column), second);

      expect(battleship.toMove(start)).toEqual([first]);
      expect(afterHit.shots[first]?.at(-1)?.result).toBe('hit');
      expect(battleship.toMove(afterHit)).toEqual([second]);
      expect(battleship.validate(afterHit, shoot(9, 9), first)).toBe('it is not your turn');
      expect(battleship.toMove(afterReply)).toEqual([first]);
    });

    it('announces a miss, a hit, then the sinking shot with the ship it sank, to everyone', () => {
      // Seat 1's 2-ship covers (7,8) and (8,8).
      const miss = play(placed(0), shoot(6, 8), 0);
      const hit = play(play(miss, shoot(0, 5), 1), shoot(7, 8), 0);
      const sunk = play(play(hit, shoot(0, 6), 1), shoot(8, 8), 0);

      for (const viewer of VIEWERS) {
        expect(battleship.describeMove(shoot(6, 8), 0, miss, viewer, false)).toEqual({ kind: 'shoot', row: 6, column: 8, result: 'miss' });
        expect(battleship.describeMove(shoot(7, 8), 0, hit, viewer, false)).toEqual({ kind: 'shoot', row: 7, column: 8, result: 'hit' });
        expect(battleship.describeMove(shoot(8, 8), 0, sunk, viewer, false)).toEqual({ kind: 'shoot', row: 8, column: 8, result: 'sunk', ship: FLEET_1[0] });
        expect(battleship.view(sunk, viewer, false)).toMatchObject({ sunk: [[], [FLEET_1[0]]] });
      }
      expect(sunk.shots[0]).toEqual([
        { row: 6, column: 8, result: 'miss' },
        { row: 7, column: 8, result: 'hit' },
        { row: 8, column: 8, result: 'sunk' },
      ]);
      expect(battleship.view(hit, null, false)).toMatchObject({ sunk: [[], []] });
    });

    it('describes a shot as it was announced, even from a later state (a replay after the ship sank)', () => {
      const hit = play(placed(0), shoot(7, 8), 0);
      const later = play(play(hit, shoot(0, 5), 1), shoot(8, 8), 0);

      const described = battleship.describeMove(shoot(7, 8), 0, later, null, false);

      expect(described).toEqual({ kind: 'shoot', row: 7, column: 8, result: 'hit' });
    });

    it('refuses a shot at a cell the shooter already shot, hit or miss, but not the same cell of the other grid', () => {
      const state = play(play(play(placed(0), shoot(5, 0), 0), shoot(5, 0), 1), shoot(6, 6), 0);

      expect(battleship.validate(play(state, shoot(9, 9), 1), shoot(5, 0), 0)).toBe('you already shot at row 5, column 0');
      expect(battleship.validate(play(state, shoot(9, 9), 1), shoot(6, 6), 0)).toBe('you already shot at row 6, column 6');
      expect(battleship.validate(state, shoot(5, 0), 1)).toBe('you already shot at row 5, column 0');
      expect(state.shots).toEqual([
        [
          { row: 5, column: 0, result: 'hit' },
          { row: 6, column: 6, result: 'miss' },
        ],
        [{ row: 5, column: 0, result: 'miss' }],
      ]);
    });

    it('refuses a shot outside the grid even without the schema', () => {
      const state = placed(0);

      expect(battleship.validate(state, shoot(10, 0), 0)).toBe('row and column must be 0-9');
      expect(battleship.validate(state, shoot(0, 1.5), 0)).toBe('row and column must be 0-9');
    });

    it('ends the game when the last ship of a fleet sinks, with the shooter as the winner and nobody to move', () => {
      const steps = scriptedGame();
      const outcomes = steps.map(({ after }) => battleship.outcome(after));
      const end = steps.at(-1)?.after as BattleshipState;

      expect(outcomes.slice(0, -1).every((outcome) => outcome.status === 'playing')).toBe(true);
      expect(outcomes.at(-1)).toEqual({ status: 'won', winner: 0 });
      expect(battleship.toMove(end)).toEqual([]);
      expect(battleship.view(end, null, false)).toMatchObject({ phase: 'over', sunk: [[FLEET_0[4]], FLEET_1] });
      expect(battleship.validate(end, shoot(9, 9), 1)).toBe('the game is over');
      expect(battleship.validate(end, place(FLEET_0), 1)).toBe('the game is over');
    });
  });

  describe('move schema', () => {
    const parse = (input: unknown) => v.safeParse(battleship.moveSchema, input);
    const firstIssue = (input: unknown): string => {
      const result = parse(input);
      const issue = result.success ? undefined : result.issues[0];
      return issue === undefined ? 'accepted' : `${v.getDotPath(issue) ?? '(move)'}: ${issue.type === 'strict_object' ? issue.expected : issue.message}`;
    };
    const fleetWith = (changes: Record<string, unknown>): unknown[] => [{ ...FLEET_0[0], ...changes }, ...FLEET_0.slice(1)];

    it('accepts a placement and a shot as they are', () => {
      expect(parse(place(FLEET_0))).toMatchObject({ success: true, output: place(FLEET_0) });
      expect(parse(shoot(0, 9))).toMatchObject({ success: true, output: shoot(0, 9) });
    });

    it.each([
      ['an extra field on a shot', { kind: 'shoot', row: 3, column: 7, seat: 1 }, 'seat: never'],
      ['an extra field on a ship', { kind: 'place', ships: fleetWith({ sunk: true }) }, 'ships.0.sunk: never'],
      ['a missing field', { kind: 'shoot', row: 3 }, 'column: "column"'],
      ['an unknown kind', { kind: 'bomb', row: 3, column: 7 }, 'kind: kind must be "place" or "shoot"'],
      ['no kind', { row: 3, column: 7 }, 'kind: kind must be "place" or "shoot"'],
      ['something else than an object', 'shoot', '(move): a move must be an object'],
      ['six ships', { kind: 'place', ships: [...FLEET_0, FLEET_0[4]] }, 'ships: ships must list exactly 5 ships'],
      ['four ships', { kind: 'place', ships: FLEET_0.slice(1) }, 'ships: ships must list exactly 5 ships'],
      ['ships that are not a list', { kind: 'place', ships: 'all of them' }, 'ships: ships must be an array'],
      ['a cell that is not an integer', { kind: 'shoot', row: 2.5, column: 7 }, 'row: row must be an integer'],
      ['a cell given as a string', { kind: 'shoot', row: 3, column: '7' }, 'column: column must be a number'],
      ['a cell past the grid', { kind: 'shoot', row: 10, column: 7 }, 'row: row must be 0-9'],
      ['a ship starting before the grid', { kind: 'place', ships: fleetWith({ column: -1 }) }, 'ships.0.column: column must be 0-9'],
      ['a diagonal ship', { kind: 'place', ships: fleetWith({ direction: 'diagonal' }) }, 'ships.0.direction: direction must be "across" or "down"'],
      ['a ship of length 0', { kind: 'place', ships: fleetWith({ length: 0 }) }, 'ships.0.length: length must be 1-10'],
      ['a ship of length 2.5', { kind: 'place', ships: fleetWith({ length: 2.5 }) }, 'ships.0.length: length must be an integer'],
    ])('refuses %s', (_what, input, issue) => {
      expect(firstIssue(input)).toBe(issue);
    });
  });

  describe('hidden information', () => {
    it('shows a spectator who placed, the shots and the sunk ships, but no fleet', () => {
      const state = play(play(play(placed(0), shoot(7, 8), 0), shoot(3, 6), 1), shoot(8, 8), 0);

      const view = battleship.view(state, null, false);

      expect(view).toEqual({
        phase: 'battle',
        placed: [true, true],
        fleets: [null, null],
        shots: [[{ row: 7, column: 8, result: 'hit' }, { row: 8, column: 8, result: 'sunk' }], [{ row: 3, column: 6, result: 'hit' }]],
        sunk: [[], [FLEET_1[0]]],
      });
    });

    it('shows a player their own fleet only, until the game is over', () => {
      const state = placed(0);

      expect(battleship.view(state, 0, false)).toMatchObject({ fleets: [FLEET_0, null] });
      expect(battleship.view(state, 1, false)).toMatchObject({ fleets: [null, FLEET_1] });
      for (const viewer of VIEWERS) expect(battleship.view(state, viewer, true)).toMatchObject({ fleets: [FLEET_0, FLEET_1] });
    });

    it("describes a placement with its ships to the seat that placed them only, or to everyone on reveal", () => {
      const after = play(battleship.setup(0), place(FLEET_0), 0);

      expect(battleship.describeMove(place(FLEET_0), 0, after, 0, false)).toEqual({ kind: 'place', ships: FLEET_0 });
      expect(battleship.describeMove(place(FLEET_0), 0, after, 1, false)).toEqual({ kind: 'place' });
      expect(battleship.describeMove(place(FLEET_0), 0, after, null, false)).toEqual({ kind: 'place' });
      expect(battleship.describeMove(place(FLEET_0), 0, after, null, true)).toEqual({ kind: 'place', ships: FLEET_0 });
    });

    it('flags a view that shows an unsunk ship, so the leak check can fail', () => {
      const state = play(placed(0), shoot(9, 5), 0);
      const careless = { ...battleship.view(state, null, false), fleets: state.fleets };

      // (9,5) was hit: it is public; the rest of that 5-ship is not.
      expect(leaked(careless, state, 1)).toEqual(['9,6', '9,7', '9,8', '9,9', ...fleetCells(FLEET_1.filter((ship) => ship.length !== 5)).map(keyOf)].sort());
      expect(leaked(battleship.describeMove(shoot(9, 5), 0, state, null, false), state, 1)).toEqual([]);
    });

    it('gives away no hidden cell to the opponent or a spectator at any point of a whole game, and everything on reveal', () => {
      const steps = scriptedGame();

      expect(leaksOf(steps[0]?.state as BattleshipState)).toEqual([]);
      for (const { move, seat, after } of steps) {
        expect(leaksOf(after, { move, seat })).toEqual([]);
        expect(unrevealed(after)).toEqual([]);
      }
      // The check had something to find: seat 0 lost with ships unsunk and cells never shot.
      expect(hiddenCells(steps.at(-1)?.after as BattleshipState, 0).size).toBeGreaterThan(0);
    });
  });

  describe('random games (property)', () => {
    type Step =
      | { kind: 'legal-place'; picks: number[] }
      | { kind: 'random-place'; ships: Ship[] }
      | { kind: 'aimed'; pick: number } // a cell this seat has not shot yet
      | { kind: 'hunt'; pick: number } // an enemy ship cell this seat has not shot yet
      | { kind: 'any-shot'; row: number; column: number }; // maybe one it already shot

    const coordinate = fc.integer({ min: 0, max: GRID - 1 });
    const picks = fc.array(fc.nat(), { minLength: FLEET.length, maxLength: FLEET.length });
    // Within the schema, as the room only hands the rules moves that passed it: mostly the right
    // lengths at random places (off the grid, overlapping, now and then legal), sometimes wrong lengths.
    const shipOf = (length: fc.Arbitrary<number>): fc.Arbitrary<Ship> =>
      fc.record({ row: coordinate, column: coordinate, length, direction: fc.constantFrom('across' as const, 'down' as const) });
    const randomFleet = fc.oneof(
      { arbitrary: fc.tuple(...FLEET.map((length) => shipOf(fc.constant(length)))), weight: 3 },
      { arbitrary: fc.array(shipOf(fc.integer({ min: 1, max: GRID })), { minLength: FLEET.length, maxLength: FLEET.length }), weight: 1 },
    );
    const step: fc.Arbitrary<Step> = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('legal-place' as const), picks }), weight: 1 },
      { arbitrary: fc.record({ kind: fc.constant('random-place' as const), ships: randomFleet }), weight: 1 },
      { arbitrary: fc.record({ kind: fc.constant('aimed' as const), pick: fc.nat() }), weight: 5 },
      { arbitrary: fc.record({ kind: fc.constant('hunt' as const), pick: fc.nat() }), weight: 4 },
      { arbitrary: fc.record({ kind: fc.constant('any-shot' as const), row: coordinate, column: coordinate }), weight: 2 },
    );
    const game = fc.record({
      first: fc.constantFrom<Seat>(0, 1),
      steps: fc.array(fc.record({ step, seatPick: fc.nat(), outOfTurn: fc.nat({ max: 9 }).map((n) => n === 0) }), { maxLength: 300, size: 'max' }),
    });

    const allCells: Cell[] = Array.from({ length: GRID * GRID }, (_, index) => [Math.floor(index / GRID), index % GRID]);
    const moveFor = (state: BattleshipState, seat: Seat, chosen: Step, cells: readonly Cell[] = allCells): BattleshipMove => {
      const fired = firedBy(state, seat);
      const open = cells.filter((cell) => !fired.has(keyOf(cell)));
      const targets = fleetCells(state.fleets[otherOf(seat)] ?? null).filter((cell) => !fired.has(keyOf(cell)));
      switch (chosen.kind) {
        case 'legal-place':
          return place(fleetFrom(chosen.picks));
        case 'random-place':
          return place(chosen.ships);
        case 'aimed':
        case 'hunt': {
          const pool = chosen.kind === 'hunt' && targets.length > 0 ? targets : open.length > 0 ? open : cells;
          return shoot(...(pool[chosen.pick % pool.length] as Cell));
        }
        case 'any-shot':
          return shoot(chosen.row, chosen.column);
      }
    };

    const onGrid = ([row, column]: Cell): boolean => Number.isInteger(row) && Number.isInteger(column) && row >= 0 && row < GRID && column >= 0 && column < GRID;

    /** What must hold of any state the rules produce, checked from the raw state without the rules' help; empty when all holds. */
    const violations = (state: BattleshipState, first: Seat): string[] => {
      const found: string[] = [];
      const check = (holds: boolean, what: string): void => {
        if (!holds) found.push(what);
      };
      for (const seat of SEATS) {
        const fleet = state.fleets[seat] ?? null;
        const shots = state.shots[seat] ?? [];
        const cells = fleetCells(fleet);
        if (fleet !== null) check(fleet.map((ship) => ship.length).sort((a, b) => b - a).join() === FLEET.join(), `seat ${seat}'s fleet is not ${FLEET.join()}`);
        check(cells.every(onGrid), `seat ${seat} has a ship off the grid`);
        check(keysOf(cells).size === cells.length, `seat ${seat}'s ships overlap`);
        check(shots.length === 0 || !state.fleets.includes(null), `seat ${seat} shot during placement`);
        check(shots.every((shot) => onGrid([shot.row, shot.column])), `seat ${seat} shot off the grid`);
        check(firedBy(state, seat).size === shots.length, `seat ${seat} shot a cell twice`);
        // Each announcement matches the enemy fleet: a ship cell or not, and whether that shot completed the ship.
        const enemy = state.fleets[otherOf(seat)] ?? [];
        const firedSoFar = new Set<string>();
        const expected = shots.map(({ row, column }) => {
          firedSoFar.add(keyOf([row, column]));
          const ship = enemy.find((candidate) => cellsOf(candidate).some(([r, c]) => r === row && c === column));
          return ship === undefined ? 'miss' : isSunk(ship, firedSoFar) ? 'sunk' : 'hit';
        });
        check(shots.every((shot, index) => shot.result === expected[index]), `seat ${seat}'s shots were announced wrong`);
      }
      const lead = (state.shots[first]?.length ?? 0) - (state.shots[otherOf(first)]?.length ?? 0);
      check(lead === 0 || lead === 1, `shots do not alternate from seat ${first}`);
      // The game is over exactly when a fleet is sunk, and the other seat won.
      const sunk = SEATS.filter((seat) => fleetSunk(state, seat));
      const outcome = battleship.outcome(state);
      check(sunk.length <= 1, 'both fleets are sunk');
      check(outcome.status === (sunk.length === 0 ? 'playing' : 'won'), `outcome ${outcome.status} with ${sunk.length} fleet(s) sunk`);
      check(outcome.status !== 'won' || outcome.winner === otherOf(sunk[0] as Seat), 'the wrong seat won');
      check((battleship.toMove(state).length === 0) === (outcome.status !== 'playing'), 'toMove is empty while playing, or not once over');
      return found;
    };

    it('never throws, never mutates its inputs, and keeps every invariant, whatever is played by whom', () => {
      fc.assert(
        fc.property(game, ({ first, steps }) => {
          let state = battleship.setup(first);
          for (const { step: chosen, seatPick, outOfTurn } of steps) {
            const toMove = battleship.toMove(state);
            if (toMove.length === 0) break;
            const mover = toMove[seatPick % toMove.length] as Seat;
            // Rooms only ask for a seat in `toMove`; the rules still refuse the other one instead of throwing.
            const seat = outOfTurn ? otherOf(mover) : mover;
            // Frozen inputs: any write by the rules throws, which fails the property.
            const move = deepFreeze(moveFor(state, seat, chosen));
            deepFreeze(state);

            const verdict = battleship.validate(state, move, seat);
            if (verdict === undefined) {
              expect(toMove).toContain(seat);
              state = battleship.apply(state, move, seat);
              for (const viewer of VIEWERS) battleship.describeMove(move, seat, state, viewer, false);
            } else {
              expect(typeof verdict).toBe('string');
            }

            for (const viewer of VIEWERS) battleship.view(state, viewer, viewer === 0);
            expect(violations(state, first)).toEqual([]);
          }
        }),
      );
    });

    it('always ends with a winner when both players place and then shoot fresh cells', () => {
      fc.assert(
        fc.property(fc.constantFrom<Seat>(0, 1), picks, picks, fc.array(fc.nat(), { minLength: 2 * GRID * GRID, maxLength: 2 * GRID * GRID }), (first, picks0, picks1, aims) => {
          let state = play(play(battleship.setup(first), place(fleetFrom(picks0)), 0), place(fleetFrom(picks1)), 1);
          let shots = 0;

          for (const pick of aims) {
            const seat = battleship.toMove(state)[0];
            if (seat === undefined) break;
            state = play(state, moveFor(state, seat, { kind: 'aimed', pick }), seat);
            shots++;
          }

          expect(battleship.outcome(state).status).toBe('won');
          expect(shots).toBeLessThan(2 * GRID * GRID);
        }),
        // Each run is a whole game of up to 200 shots.
        { numRuns: 50 },
      );
    });

    it('gives away no hidden cell in any view or described move of a random game, and everything on reveal', () => {
      // Seat 0's fleet and seat 1's shots stay in rows 0-4, seat 1's fleet and seat 0's shots in rows 5-9 (see `leaked`).
      const half = (seat: Seat): Cell[] => allCells.filter(([row]) => (seat === 0 ? row < GRID / 2 : row >= GRID / 2));
      fc.assert(
        fc.property(fc.constantFrom<Seat>(0, 1), picks, picks, fc.array(fc.nat(), { minLength: GRID * GRID + 2, maxLength: GRID * GRID + 2 }), (first, picks0, picks1, choices) => {
          const fleets = [fleetFrom(picks0, 0, GRID / 2), fleetFrom(picks1, GRID / 2, GRID)];
          let state = battleship.setup(first);
          const problems = leaksOf(state);

          for (const choice of choices) {
            const toMove = battleship.toMove(state);
            const seat = toMove[choice % toMove.length];
            if (seat === undefined) break;
            const move = state.fleets[seat] === null ? place(fleets[seat] as Ship[]) : moveFor(state, seat, { kind: 'aimed', pick: choice }, half(otherOf(seat)));

            state = play(state, move, seat);

            problems.push(...leaksOf(state, { move, seat }));
          }
          expect(problems).toEqual([]);
          expect(unrevealed(state)).toEqual([]);
          expect(battleship.outcome(state).status).toBe('won');
        }),
        // Each run is a whole game of up to 100 shots, every state checked for three viewers.
        { numRuns: 50 },
      );
    });
  });
});
