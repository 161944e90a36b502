import * as v from 'valibot';
import { FLEET, GRID, type BattleshipMoveView, type BattleshipView, type Ship, type Shot } from './games/battleship';

/**
 * What each game adds to what the server sends: its fields of the room state
 * (the rules' `view`) and of a `moved` event (`describeMove`), as valibot
 * entries. `outbound-schemas.ts` puts them beside the generic fields; the
 * spec generator turns them into JSON Schema. A game registered without an
 * entry here fails the spec test (test/unit/spec.test.ts), so no game can
 * reach clients undocumented.
 */

const integer = (min: number, max: number, description: string) =>
  v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max), v.description(description));

// ---- Connect Four ------------------------------------------------------------

/*
 * Nothing outside src/games may import connect-four.ts (the architecture test
 * keeps the rules pluggable), so its 6x7 grid is restated here; the spec test
 * checks it against the game's ROWS and COLUMNS.
 */
const C4_ROWS = 6;
const C4_COLUMNS = 7;

const c4Cell = v.pipe(v.nullable(v.picklist([0, 1])), v.description('null, or the seat whose disc fills the cell'));
const c4Row = v.pipe(v.array(c4Cell), v.length(C4_COLUMNS), v.description(`${C4_COLUMNS} cells, column 0 first`));

const connectFourView = {
  board: v.pipe(
    v.array(c4Row),
    v.length(C4_ROWS),
    v.description(`${C4_ROWS} rows of ${C4_COLUMNS} cells, row 0 on top: a disc falls to the highest-numbered empty row of its column`),
  ),
};

const connectFourMoved = [{ column: integer(0, C4_COLUMNS - 1, 'the column the disc was dropped in') }];

// ---- Battleship --------------------------------------------------------------

const coordinate = (what: string) => integer(0, GRID - 1, `${what}, 0-${GRID - 1}`);

export const shipSchema = v.pipe(
  v.strictObject({
    row: coordinate('row of the first (top or left) cell'),
    column: coordinate('column of the first (top or left) cell'),
    length: v.pipe(v.picklist([...new Set(FLEET)]), v.description(`one of the fleet's lengths (${FLEET.join(', ')})`)),
    direction: v.pipe(v.picklist(['across', 'down']), v.description('across: along the row (column increases); down: along the column (row increases)')),
  }),
  v.description('A ship, by its first cell'),
);

const shotSchema = v.strictObject({
  row: coordinate('row'),
  column: coordinate('column'),
  result: v.picklist(['miss', 'hit', 'sunk']),
});

const fleet = v.pipe(v.array(shipSchema), v.length(FLEET.length), v.description(`a whole fleet: ${FLEET.length} ships of lengths ${FLEET.join(', ')}`));
const pair = <T extends v.GenericSchema>(item: T, description: string) => v.pipe(v.strictTuple([item, item]), v.description(description));

const battleshipView = {
  phase: v.pipe(v.picklist(['placement', 'battle', 'over']), v.description('placement: fleets being placed (both seats at once); battle: shots in turn; over: a fleet is sunk')),
  placed: pair(v.boolean(), 'whether each seat has placed its fleet (public)'),
  fleets: pair(
    v.nullable(fleet),
    "each seat's fleet: a seat sees its own (null until placed) and null for the other; everyone sees both once the game is over; spectators see null until then",
  ),
  shots: pair(v.pipe(v.array(shotSchema), v.maxLength(GRID * GRID)), 'the shots fired BY each seat, in order, with what each announced'),
  sunk: pair(v.pipe(v.array(shipSchema), v.maxLength(FLEET.length)), "each seat's sunk ships (public)"),
};

const placed = {
  kind: v.literal('place'),
  ships: v.pipe(v.optional(fleet), v.description("the fleet placed: only in the placing seat's copy, or everyone's once the game is over")),
};
const shotAt = { kind: v.literal('shoot'), row: coordinate('row shot at'), column: coordinate('column shot at') };
const missOrHit = { ...shotAt, result: v.picklist(['miss', 'hit']) };
const sank = {
  ...shotAt,
  result: v.literal('sunk'),
  ship: v.pipe(shipSchema, v.description('the ship this shot sank (only a sunk ship is named: a hit says nothing about the rest of it)')),
};
const battleshipMoved = [placed, missOrHit, sank];

/** Per game id: the entries of its room-state fields, and of each form of its `moved` event's own fields. */
export const gameOutbound = {
  connect4: { view: connectFourView, moved: connectFourMoved },
  battleship: { view: battleshipView, moved: battleshipMoved },
} as const;

// ---- agreement with the game's own types (compile time) ----------------------

type Out<E extends v.ObjectEntries> = v.InferOutput<v.StrictObjectSchema<E, undefined>>;
/** True when A and B are each assignable to the other. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** True when every value A allows is a B. */
export type Narrows<A, B> = [A] extends [B] ? true : false;
/** Fails to compile unless every element is `true`. */
export type Assert<_T extends true[]> = true;

// If a game's types change, these stop compiling until the schemas (and so the spec) follow.
type _BattleshipAgrees = Assert<
  [
    Same<v.InferOutput<typeof shipSchema>, Ship>,
    Same<v.InferOutput<typeof shotSchema>, Shot>,
    Same<Out<typeof battleshipView>, BattleshipView>,
    // Stricter than the type (`ship` only with `sunk`), so only one way round.
    Narrows<Out<typeof placed> | Out<typeof missOrHit> | Out<typeof sank>, BattleshipMoveView>,
  ]
>;
