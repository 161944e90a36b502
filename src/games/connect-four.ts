import * as v from 'valibot';
import type { Seat } from '../protocol';
import type { GameRules, Outcome } from './rules';

export const ROWS = 6;
export const COLUMNS = 7;
const CONNECT = 4;

/** Row 0 is the top; a disc falls to the highest-numbered empty row. */
export type Board = (Seat | null)[][];
export interface ConnectFourMove {
  column: number;
}
export interface ConnectFourState {
  board: Board;
  /** The seat to move while the game is on. */
  turn: Seat;
}

const moveSchema = v.strictObject({
  column: v.pipe(
    v.number('column must be a number'),
    v.integer('column must be an integer'),
    v.minValue(0, `column must be 0-${COLUMNS - 1}`),
    v.maxValue(COLUMNS - 1, `column must be 0-${COLUMNS - 1}`),
  ),
});

/** The lowest empty row of a column, or -1 when the column is full. */
export const landingRow = (board: Board, column: number): number => {
  for (let row = ROWS - 1; row >= 0; row--) {
    if (board[row]?.[column] === null) return row;
  }
  return -1;
};

const cell = (board: Board, row: number, column: number): Seat | null | undefined => board[row]?.[column];

const DIRECTIONS: readonly (readonly [number, number])[] = [
  [0, 1], // row
  [1, 0], // column
  [1, 1], // diagonal down-right
  [1, -1], // diagonal down-left
];

/** Whether the disc at (row, column) completes a line of four. Only lines through the last disc can be new. */
const completesLine = (board: Board, row: number, column: number): boolean => {
  const seat = cell(board, row, column);
  if (seat === null || seat === undefined) return false;
  return DIRECTIONS.some(([dr, dc]) => {
    let count = 1;
    for (const sign of [1, -1]) {
      let r = row + dr * sign;
      let c = column + dc * sign;
      while (cell(board, r, c) === seat) {
        count++;
        r += dr * sign;
        c += dc * sign;
      }
    }
    return count >= CONNECT;
  });
};

/** Won when some disc completes a line of four (42 cells: a full scan costs nothing), drawn when the board is full. */
const outcomeOf = (board: Board): Outcome => {
  for (let row = 0; row < ROWS; row++) {
    for (let column = 0; column < COLUMNS; column++) {
      const seat = cell(board, row, column);
      if (seat !== null && seat !== undefined && completesLine(board, row, column)) return { status: 'won', winner: seat };
    }
  }
  if (board[0]?.every((value) => value !== null)) return { status: 'draw' };
  return { status: 'playing' };
};

export const connectFour: GameRules<ConnectFourState, ConnectFourMove> = {
  id: 'connect4',
  title: 'Connect Four',
  seats: 2,
  moveSchema,
  setup: (first) => ({ board: Array.from({ length: ROWS }, () => Array.from({ length: COLUMNS }, () => null)), turn: first }),
  toMove: ({ board, turn }) => (outcomeOf(board).status === 'playing' ? [turn] : []),
  validate({ board }, { column }) {
    if (!Number.isInteger(column) || column < 0 || column >= COLUMNS) return `column must be 0-${COLUMNS - 1}`;
    if (landingRow(board, column) === -1) return `column ${column} is full`;
    return undefined;
  },
  apply({ board }, { column }, seat) {
    const row = landingRow(board, column);
    return {
      board: board.map((cells, r) => (r === row ? cells.map((value, c) => (c === column ? seat : value)) : cells)),
      turn: seat === 0 ? 1 : 0,
    };
  },
  outcome: ({ board }) => outcomeOf(board),
  // Nothing is hidden in Connect Four: every viewer sees the whole board.
  view: ({ board }) => ({ board }),
  describeMove: ({ column }) => ({ column }),
};
