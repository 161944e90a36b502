import * as v from 'valibot';
import type { Seat } from '../protocol';
import type { GameRules, Outcome } from './rules';

/** Rows and columns per grid, numbered 0 to GRID - 1. */
export const GRID = 10;
/** The lengths of the ships every player places, longest first. */
export const FLEET: readonly number[] = [5, 4, 3, 3, 2];

/** `across` runs along the row (column increases), `down` along the column (row increases). */
export type Direction = 'across' | 'down';
/** A ship by its first (top or left) cell. */
export interface Ship {
  row: number;
  column: number;
  length: number;
  direction: Direction;
}
export type ShotResult = 'miss' | 'hit' | 'sunk';
/** A shot at the other seat's grid, with what was announced. */
export interface Shot {
  row: number;
  column: number;
  result: ShotResult;
}
export type Phase = 'placement' | 'battle' | 'over';

export type BattleshipMove = { kind: 'place'; ships: Ship[] } | { kind: 'shoot'; row: number; column: number };

/**
 * Everything, as stored server-side. Secret: only `view` and `describeMove`
 * decide what of it a viewer sees. Indexed by seat (0, 1).
 */
export interface BattleshipState {
  /** The seat that shoots first once both fleets are placed. */
  first: Seat;
  /** Each seat's fleet, null until that seat has placed it. */
  fleets: [Ship[] | null, Ship[] | null];
  /** Shots fired BY each seat, in order. */
  shots: [Shot[], Shot[]];
}

/** The game fields of the room state (`view`). */
export type BattleshipView = {
  phase: Phase;
  placed: [boolean, boolean];
  /** A fleet is shown to its owner only, or to everyone once the game is over (`reveal`). */
  fleets: [Ship[] | null, Ship[] | null];
  /** Shots fired BY each seat. */
  shots: [Shot[], Shot[]];
  /** Each seat's sunk ships: public. */
  sunk: [Ship[], Ship[]];
};

/** The game fields of a `moved` event (`describeMove`). */
export type BattleshipMoveView = { kind: 'place'; ships?: Ship[] } | { kind: 'shoot'; row: number; column: number; result: ShotResult; ship?: Ship };

const coordinate = (name: string) =>
  v.pipe(
    v.number(`${name} must be a number`),
    v.integer(`${name} must be an integer`),
    v.minValue(0, `${name} must be 0-${GRID - 1}`),
    v.maxValue(GRID - 1, `${name} must be 0-${GRID - 1}`),
  );

const shipSchema = v.strictObject({
  row: coordinate('row'),
  column: coordinate('column'),
  // The fleet's lengths are the rules' job (`validate`); the schema only keeps them plausible.
  length: v.pipe(
    v.number('length must be a number'),
    v.integer('length must be an integer'),
    v.minValue(1, `length must be 1-${GRID}`),
    v.maxValue(GRID, `length must be 1-${GRID}`),
  ),
  direction: v.picklist(['across', 'down'], 'direction must be "across" or "down"'),
});

const moveSchema = v.variant(
  'kind',
  [
    v.strictObject({
      kind: v.literal('place'),
      ships: v.pipe(v.array(shipSchema, 'ships must be an array'), v.length(FLEET.length, `ships must list exactly ${FLEET.length} ships`)),
    }),
    v.strictObject({ kind: v.literal('shoot'), row: coordinate('row'), column: coordinate('column') }),
  ],
  (issue) => (issue.expected === 'Object' ? 'a move must be an object' : 'kind must be "place" or "shoot"'),
);

const other = (seat: Seat): Seat => (seat === 0 ? 1 : 0);
const fleetOf = (state: BattleshipState, seat: Seat): Ship[] | null => state.fleets[seat] ?? null;
const shotsBy = (state: BattleshipState, seat: Seat): Shot[] => state.shots[seat] ?? [];
/** One number per cell, for sets of cells. */
const key = (row: number, column: number): number => row * GRID + column;
/** The cells a list of shots hit or missed, as keys. */
const firedBy = (shots: readonly Shot[]): Set<number> => new Set(shots.map((shot) => key(shot.row, shot.column)));

/** The cells a ship covers, from its first cell. */
export const cellsOf = ({ row, column, length, direction }: Ship): [number, number][] =>
  Array.from({ length }, (_, step) => (direction === 'across' ? [row, column + step] : [row + step, column]));

const inGrid = (row: number, column: number): boolean => Number.isInteger(row) && Number.isInteger(column) && row >= 0 && row < GRID && column >= 0 && column < GRID;

/** The ships of `seat` whose every cell the other seat has shot. */
const sunkShips = (state: BattleshipState, seat: Seat): Ship[] => {
  const fired = firedBy(shotsBy(state, other(seat)));
  return (fleetOf(state, seat) ?? []).filter((ship) => cellsOf(ship).every(([r, c]) => fired.has(key(r, c))));
};

/** The seat that sank the whole enemy fleet, if any. Strict alternation stops the game at the first one. */
const winnerOf = (state: BattleshipState): Seat | undefined =>
  ([0, 1] as const).find((seat) => fleetOf(state, other(seat)) !== null && sunkShips(state, other(seat)).length === FLEET.length);

const phaseOf = (state: BattleshipState): Phase => {
  if (fleetOf(state, 0) === null || fleetOf(state, 1) === null) return 'placement';
  return winnerOf(state) === undefined ? 'battle' : 'over';
};

/** Strict alternation from `first`: whoever has fired fewer shots is next, `first` on a tie. */
const shooter = (state: BattleshipState): Seat =>
  shotsBy(state, state.first).length > shotsBy(state, other(state.first)).length ? other(state.first) : state.first;

const toMove = (state: BattleshipState): Seat[] => {
  const phase = phaseOf(state);
  if (phase === 'placement') return ([0, 1] as const).filter((seat) => fleetOf(state, seat) === null);
  return phase === 'battle' ? [shooter(state)] : [];
};

const describeShip = ({ row, column, length, direction }: Ship): string => `the ship of length ${length} at row ${row}, column ${column} (${direction})`;

/** Why `ships` is not a legal fleet: exactly FLEET, inside the grid, no shared cell (touching is fine). */
const fleetProblem = (ships: readonly Ship[]): string | undefined => {
  const lengths = ships.map((ship) => ship.length).sort((a, b) => b - a);
  if (lengths.join() !== FLEET.join()) {
    return `the fleet must be ships of lengths ${FLEET.join(', ')} (got ${lengths.join(', ') || 'none'})`;
  }
  const taken = new Set<number>();
  for (const ship of ships) {
    const cells = cellsOf(ship);
    if ((ship.direction !== 'across' && ship.direction !== 'down') || !cells.every(([r, c]) => inGrid(r, c))) {
      return `${describeShip(ship)} does not fit in the ${GRID}x${GRID} grid`;
    }
    for (const [r, c] of cells) {
      if (taken.has(key(r, c))) return `ships overlap at row ${r}, column ${c}`;
      taken.add(key(r, c));
    }
  }
  return undefined;
};

const shipAt = (fleet: readonly Ship[], row: number, column: number): Ship | undefined =>
  fleet.find((ship) => cellsOf(ship).some(([r, c]) => r === row && c === column));

/** What a shot at (row, column) announces, once `fired` (the shooter's cells, this one included) is known. */
const resultOf = (fleet: readonly Ship[], fired: ReadonlySet<number>, row: number, column: number): ShotResult => {
  const ship = shipAt(fleet, row, column);
  if (ship === undefined) return 'miss';
  return cellsOf(ship).every(([r, c]) => fired.has(key(r, c))) ? 'sunk' : 'hit';
};

/** Copies only the fields of a ship, so the state never aliases (or stores extras of) a move. */
const copyShip = ({ row, column, length, direction }: Ship): Ship => ({ row, column, length, direction });

/**
 * Battleship: each seat places its fleet on its own grid, both at once and
 * unseen, then the seats shoot at each other's grid in turn; whoever sinks the
 * whole enemy fleet first wins. Moves, as a client sends them:
 *
 * ```json
 * {"kind":"place","ships":[{"row":0,"column":0,"length":5,"direction":"across"}, ...four more]}
 * {"kind":"shoot","row":3,"column":7}
 * ```
 */
export const battleship: GameRules<BattleshipState, BattleshipMove> = {
  id: 'battleship',
  title: 'Battleship',
  seats: 2,
  moveSchema,
  setup: (first) => ({ first, fleets: [null, null], shots: [[], []] }),
  toMove,
  validate(state, move, seat) {
    const phase = phaseOf(state);
    if (phase === 'over') return 'the game is over';
    if (move.kind === 'place') {
      if (fleetOf(state, seat) !== null) return 'you have already placed your fleet';
      return fleetProblem(move.ships);
    }
    if (phase === 'placement') return 'shots start once both fleets are placed';
    if (shooter(state) !== seat) return 'it is not your turn';
    if (!inGrid(move.row, move.column)) return `row and column must be 0-${GRID - 1}`;
    if (shotsBy(state, seat).some((shot) => shot.row === move.row && shot.column === move.column)) {
      return `you already shot at row ${move.row}, column ${move.column}`;
    }
    return undefined;
  },
  apply(state, move, seat) {
    if (move.kind === 'place') {
      const fleets: BattleshipState['fleets'] = [fleetOf(state, 0), fleetOf(state, 1)];
      fleets[seat === 0 ? 0 : 1] = move.ships.map(copyShip);
      return { ...state, fleets };
    }
    const { row, column } = move;
    const earlier = shotsBy(state, seat);
    const fired = firedBy(earlier).add(key(row, column));
    const shot: Shot = { row, column, result: resultOf(fleetOf(state, other(seat)) ?? [], fired, row, column) };
    const shots: BattleshipState['shots'] = [shotsBy(state, 0), shotsBy(state, 1)];
    shots[seat === 0 ? 0 : 1] = [...earlier, shot];
    return { ...state, shots };
  },
  outcome(state): Outcome {
    // One shot sinks at most one fleet and the game stops there, so there is no draw.
    const winner = winnerOf(state);
    return winner === undefined ? { status: 'playing' } : { status: 'won', winner };
  },
  view(state, viewer, reveal): BattleshipView {
    const visible = (seat: Seat): Ship[] | null => (reveal || viewer === seat ? fleetOf(state, seat) : null);
    return {
      phase: phaseOf(state),
      placed: [fleetOf(state, 0) !== null, fleetOf(state, 1) !== null],
      fleets: [visible(0), visible(1)],
      shots: [shotsBy(state, 0), shotsBy(state, 1)],
      sunk: [sunkShips(state, 0), sunkShips(state, 1)],
    };
  },
  describeMove(move, seat, after, viewer, reveal): BattleshipMoveView {
    if (move.kind === 'place') {
      const ships = fleetOf(after, seat);
      return reveal || viewer === seat ? { kind: 'place', ships: ships ?? [] } : { kind: 'place' };
    }
    const { row, column } = move;
    const target = fleetOf(after, other(seat)) ?? [];
    // The announcement as recorded (each cell is shot once per shooter), so a later state describes it the same.
    const recorded = shotsBy(after, seat).find((shot) => shot.row === row && shot.column === column);
    const result = recorded?.result ?? resultOf(target, firedBy(shotsBy(after, seat)), row, column);
    // Only a sunk ship is named: a hit says nothing about the rest of the ship.
    const ship = result === 'sunk' ? shipAt(target, row, column) : undefined;
    return ship === undefined ? { kind: 'shoot', row, column, result } : { kind: 'shoot', row, column, result, ship };
  },
};
