import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { COLUMNS, ROWS, connectFour, landingRow, type Board } from '../../../src/games/connect-four';
import type { GameRules, Outcome } from '../../../src/games/rules';
import type { Seat } from '../../../src/protocol';

/** A board drawn top row first: '.' is empty, '0' and '1' are the seats' discs. */
const boardOf = (...rows: string[]): Board => {
  expect(rows).toHaveLength(ROWS);
  return rows.map((row) => {
    expect(row).toHaveLength(COLUMNS);
    return [...row].map((char) => (char === '.' ? null : Number(char)));
  });
};

const WINDOW = 4;
const ALL_DIRECTIONS: readonly (readonly [number, number])[] = [
  [0, 1],
  [1, 0],
  [1, 1],
  [1, -1],
];

/**
 * Independent of the rules under test: tries every cell as the start of a
 * window of four in every direction and reports each seat that owns one.
 */
const seatsWithALine = (board: Board): Set<Seat> => {
  const owners = new Set<Seat>();
  for (let row = 0; row < ROWS; row++) {
    for (let column = 0; column < COLUMNS; column++) {
      for (const [dr, dc] of ALL_DIRECTIONS) {
        const cells: (Seat | null | undefined)[] = [];
        for (let step = 0; step < WINDOW; step++) cells.push(board[row + dr * step]?.[column + dc * step]);
        const first = cells[0];
        if (first !== null && first !== undefined && cells.every((cell) => cell === first)) owners.add(first);
      }
    }
  }
  return owners;
};

/** Cells holding a disc with an empty cell under it, which gravity forbids. */
const floatingDiscs = (board: Board): [number, number][] => {
  const floating: [number, number][] = [];
  for (let row = 0; row < ROWS - 1; row++) {
    for (let column = 0; column < COLUMNS; column++) {
      if (board[row]?.[column] !== null && board[row + 1]?.[column] === null) floating.push([row, column]);
    }
  }
  return floating;
};

/**
 * The rules seen one board at a time: what most of these tests are about. The
 * state also names the seat to move, which `apply` hands over to the other.
 */
const c4 = {
  initialBoard: (): Board => connectFour.setup(0).board,
  validate: (board: Board, move: { column: number }, seat: Seat) => connectFour.validate({ board, turn: seat }, move, seat),
  apply: (board: Board, move: { column: number }, seat: Seat): Board => connectFour.apply({ board, turn: seat }, move, seat).board,
  outcome: (board: Board, _move?: { column: number }, _seat?: Seat): Outcome => connectFour.outcome({ board, turn: 0 }),
  nextTurn: (board: Board, seat: Seat): Seat => {
    const [next] = connectFour.toMove(connectFour.apply({ board: c4.initialBoard(), turn: seat }, { column: 0 }, seat));
    return next as Seat;
  },
};

/** Plays `column` for `seat` the way the room does: validate, apply, outcome. */
const play = (rules: typeof c4, board: Board, column: number, seat: Seat): { board: Board; outcome: Outcome } => {
  // Only positions a real game reaches: discs rest on something, and nobody has won yet.
  expect(floatingDiscs(board)).toEqual([]);
  expect(seatsWithALine(board)).toEqual(new Set());
  expect(rules.validate(board, { column }, seat)).toBeUndefined();
  const next = rules.apply(board, { column }, seat);
  return { board: next, outcome: rules.outcome(next, { column }, seat) };
};

const discCount = (board: Board, seat: Seat): number => board.flat().filter((cell) => cell === seat).length;

/** A whole drawn game, found by a seeded random search and kept as a fixture: 42 columns, seat 0 first. */
const DRAWN_GAME = '231220400060316366502612332554644541451513'.split('').map(Number);

/** Plays columns in turn from an empty board, seat 0 first; every move must be legal and leave the game on. */
const playAll = (columns: readonly number[]): { board: Board; outcomes: Outcome['status'][] } => {
  let board = c4.initialBoard();
  let seat: Seat = 0;
  const outcomes: Outcome['status'][] = [];
  for (const column of columns) {
    const result = play(c4, board, column, seat);
    board = result.board;
    outcomes.push(result.outcome.status);
    seat = c4.nextTurn(board, seat);
  }
  return { board, outcomes };
};

describe('connectFour rules', () => {
  describe('lifecycle', () => {
    it('declares two seats and the id rooms store', () => {
      const rules: GameRules = connectFour;

      expect(rules.id).toBe('connect4');
      expect(rules.seats).toBe(2);
    });

    it('starts with an empty 6x7 board', () => {
      const board = c4.initialBoard();

      expect(board).toHaveLength(ROWS);
      for (const row of board) expect(row).toEqual(Array.from({ length: COLUMNS }, () => null));
    });

    it('gives each game its own board, so one room cannot write into another', () => {
      const first = c4.initialBoard();
      const second = c4.initialBoard();

      (first[5] as (Seat | null)[])[3] = 0;

      expect(second[5]?.[3]).toBeNull();
      expect(first[0]).not.toBe(second[0]);
    });

    it('alternates turns between seat 0 and seat 1', () => {
      const board = c4.initialBoard();

      expect(c4.nextTurn(board, 0)).toBe(1);
      expect(c4.nextTurn(board, 1)).toBe(0);
    });

    it('shows the board as the game field of the room state', () => {
      const board = play(c4, c4.initialBoard(), 2, 1).board;

      expect(connectFour.view({ board, turn: 0 }, null, false)).toEqual({ board });
      expect(connectFour.view({ board, turn: 0 }, 1, false)).toEqual({ board });
    });

    it('describes a move by its column only, whatever else the message carried', () => {
      const message = { action: 'move', room: 'r1', column: 4, id: 'x' };

      const state = connectFour.setup(0);

      expect(connectFour.describeMove(message as unknown as { column: number }, 0, state, null, false)).toEqual({ column: 4 });
    });

    it('validates the column field of a move message with its own schema', () => {
      const schema = connectFour.moveSchema;

      expect(v.safeParse(schema, { column: 6 }).success).toBe(true);
      expect(v.safeParse(schema, { column: 7 }).success).toBe(false);
      expect(v.safeParse(schema, { column: -1 }).success).toBe(false);
      expect(v.safeParse(schema, { column: 2.5 }).success).toBe(false);
      expect(v.safeParse(schema, { column: '3' }).success).toBe(false);
    });
  });

  describe('validate', () => {
    it('accepts every column of an empty board', () => {
      const board = c4.initialBoard();

      const verdicts = Array.from({ length: COLUMNS }, (_, column) => c4.validate(board, { column }, 0));

      expect(verdicts).toEqual(Array.from({ length: COLUMNS }, () => undefined));
    });

    it('refuses a move in a full column', () => {
      const board = boardOf(
        '..1....', //
        '..0....',
        '..1....',
        '..0....',
        '..1....',
        '..0....',
      );

      const verdict = c4.validate(board, { column: 2 }, 0);

      expect(verdict).toBe('column 2 is full');
      expect(c4.validate(board, { column: 3 }, 0)).toBeUndefined();
    });

    it.each([-1, 7, 100, 2.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses column %s as out of range or not an integer', (column) => {
      const board = c4.initialBoard();

      const verdict = c4.validate(board, { column }, 0);

      expect(verdict).toBe('column must be 0-6');
    });
  });

  describe('apply', () => {
    it('drops a disc to the bottom row of an empty column', () => {
      const board = c4.initialBoard();

      const next = c4.apply(board, { column: 3 }, 1);

      expect(next[ROWS - 1]?.[3]).toBe(1);
      expect(discCount(next, 1)).toBe(1);
      expect(discCount(next, 0)).toBe(0);
    });

    it('stacks a disc on top of the ones already in the column', () => {
      const board = boardOf(
        '.......', //
        '.......',
        '.......',
        '.......',
        '...1...',
        '...0...',
      );

      const next = c4.apply(board, { column: 3 }, 0);

      expect(next).toEqual(
        boardOf(
          '.......', //
          '.......',
          '.......',
          '...0...',
          '...1...',
          '...0...',
        ),
      );
    });

    it('never mutates the board it is given', () => {
      const board = boardOf(
        '.......', //
        '.......',
        '.......',
        '.......',
        '...1...',
        '..00...',
      );
      const before = structuredClone(board);

      const next = c4.apply(board, { column: 2 }, 1);

      expect(board).toEqual(before);
      expect(next).not.toBe(board);
      expect(next[4]).not.toBe(board[4]);
    });
  });

  describe('outcome', () => {
    it('keeps playing after a move that completes no line', () => {
      const { outcome } = play(c4, c4.initialBoard(), 3, 0);

      expect(outcome).toEqual({ status: 'playing' });
    });

    it('declares a win for four in a row', () => {
      const board = boardOf(
        '.......', //
        '.......',
        '.......',
        '.......',
        '.111...',
        '.000...',
      );

      const { outcome } = play(c4, board, 4, 0);

      expect(outcome).toEqual({ status: 'won', winner: 0 });
    });

    it('declares a win for a row completed by a disc in the middle of the line', () => {
      const board = boardOf(
        '.......', //
        '.......',
        '.......',
        '.......',
        '..0.00.',
        '..1011.',
      );

      const { outcome } = play(c4, board, 3, 0);

      expect(outcome).toEqual({ status: 'won', winner: 0 });
    });

    it('declares a win for four in a column', () => {
      const board = boardOf(
        '.......', //
        '.......',
        '.......',
        '......1',
        '.....01',
        '....001',
      );

      const { outcome } = play(c4, board, 6, 1);

      expect(outcome).toEqual({ status: 'won', winner: 1 });
    });

    it('declares a win for a diagonal going down to the right', () => {
      // Line (2,0) (3,1) (4,2) (5,3); the last disc lands at (2,0).
      const board = boardOf(
        '.......', //
        '.......',
        '.......',
        '01.....',
        '001....',
        '1001...',
      );

      const { outcome } = play(c4, board, 0, 1);

      expect(outcome).toEqual({ status: 'won', winner: 1 });
    });

    it('declares a win for a diagonal going down to the right completed in its middle', () => {
      // Line (1,2) (2,3) (3,4) (4,5); the last disc lands at (3,4).
      const board = boardOf(
        '.......', //
        '..0....',
        '..10...',
        '..01...',
        '..1000.',
        '..0111.',
      );

      const { outcome } = play(c4, board, 4, 0);

      expect(outcome).toEqual({ status: 'won', winner: 0 });
    });

    it('declares a win for a diagonal going down to the left', () => {
      // Line (2,4) (3,3) (4,2) (5,1); the last disc lands at (2,4).
      const board = boardOf(
        '.......', //
        '.......',
        '.......',
        '...01..',
        '..001..',
        '.0111..',
      );

      const { outcome } = play(c4, board, 4, 0);

      expect(outcome).toEqual({ status: 'won', winner: 0 });
    });

    it('declares a win for a diagonal going down to the left completed in its middle', () => {
      // Line (2,5) (3,4) (4,3) (5,2); the last disc lands at (4,3).
      const board = boardOf(
        '.......', //
        '.......',
        '.....1.',
        '....10.',
        '....00.',
        '..1000.',
      );

      const { outcome } = play(c4, board, 3, 1);

      expect(outcome).toEqual({ status: 'won', winner: 1 });
    });

    it('does not count three in a row as a win', () => {
      const board = boardOf(
        '.......', //
        '.......',
        '.......',
        '.......',
        '.11....',
        '.00....',
      );

      const { outcome } = play(c4, board, 3, 0);

      expect(outcome).toEqual({ status: 'playing' });
    });

    it('does not count four discs with a gap as a line', () => {
      const board = boardOf(
        '.......', //
        '.......',
        '.......',
        '.......',
        '11.1...',
        '00.0...',
      );

      const { outcome } = play(c4, board, 4, 0);

      expect(outcome).toEqual({ status: 'playing' });
    });

    it('does not count a line that wraps around the edge of the board', () => {
      const board = boardOf(
        '.......', //
        '.......',
        '.......',
        '.......',
        '00...1.',
        '11...00',
      );

      // Read as one flat array, (4,5) (4,6) (5,0) (5,1) would be four in a row.
      const { board: next, outcome } = play(c4, board, 6, 1);

      expect(next[4]).toEqual([0, 0, null, null, null, 1, 1]);
      expect(seatsWithALine(next)).toEqual(new Set());
      expect(outcome).toEqual({ status: 'playing' });
    });

    it("does not credit the mover with the opponent's discs", () => {
      const board = boardOf(
        '.......', //
        '.......',
        '.......',
        '.......',
        '.......',
        '111....',
      );

      const { outcome } = play(c4, board, 3, 0);

      expect(outcome).toEqual({ status: 'playing' });
    });

    it('declares a draw when the last disc fills the board without a line', () => {
      const { board, outcomes } = playAll(DRAWN_GAME);

      expect(DRAWN_GAME).toHaveLength(ROWS * COLUMNS);
      expect(board.flat().every((cell) => cell !== null)).toBe(true);
      expect(seatsWithALine(board)).toEqual(new Set());
      expect(outcomes.slice(0, -1).every((status) => status === 'playing')).toBe(true);
      expect(outcomes.at(-1)).toBe('draw');
    });

    it('prefers a win to a draw when the last disc both fills the board and completes a line', () => {
      // The drawn game, but seat 0 drops the last disc: the top row reads 1000010.
      const { board: almostFull } = playAll(DRAWN_GAME.slice(0, -1));
      const last = DRAWN_GAME.at(-1) as number;

      const full = c4.apply(almostFull, { column: last }, 0);
      const outcome = c4.outcome(full, { column: last }, 0);

      expect(full.flat().every((cell) => cell !== null)).toBe(true);
      expect(seatsWithALine(full)).toEqual(new Set([0]));
      expect(outcome).toEqual({ status: 'won', winner: 0 });
    });
  });

  describe('random legal games (property)', () => {
    /** Each draw picks among the columns still open, so every game is legal by construction. */
    const game = fc.record({
      first: fc.constantFrom<Seat>(0, 1),
      picks: fc.array(fc.nat(), { minLength: ROWS * COLUMNS, maxLength: ROWS * COLUMNS }),
    });

    // Independent of the rules: a column is open while its top cell is empty.
    const openColumns = (board: Board): number[] => Array.from({ length: COLUMNS }, (_, column) => column).filter((column) => board[0]?.[column] === null);
    const otherOf = (seat: Seat): Seat => (seat === 0 ? 1 : 0);

    it('never corrupts the board and ends in a win or a draw within 42 moves', () => {
      fc.assert(
        fc.property(game, ({ first, picks }) => {
          let board = c4.initialBoard();
          let seat = first;
          let outcome: Outcome = { status: 'playing' };
          let moves = 0;

          for (const pick of picks) {
            if (outcome.status !== 'playing') break;
            const open = openColumns(board);
            const column = open[pick % open.length] as number;
            // Gravity holds (checked below), so the lowest empty row sits right above the discs already there.
            const row = ROWS - 1 - board.filter((cells) => cells[column] !== null).length;
            const before = structuredClone(board);

            const next = c4.apply(board, { column }, seat);
            outcome = c4.outcome(next, { column }, seat);
            moves++;

            // The input is untouched and exactly one cell changed: the lowest empty one of that column.
            expect(board).toEqual(before);
            const changed = next.flatMap((cells, r) => cells.flatMap((value, c) => (value === before[r]?.[c] ? [] : [[r, c, value]])));
            expect(changed).toEqual([[row, column, seat]]);
            expect(landingRow(before, column)).toBe(row);
            expect(floatingDiscs(next)).toEqual([]);
            // Turns alternate, so the counts never drift apart, and the first mover is never behind.
            const lead = discCount(next, first) - discCount(next, otherOf(first));
            expect(lead).toBeGreaterThanOrEqual(0);
            expect(lead).toBeLessThanOrEqual(1);
            expect(discCount(next, 0) + discCount(next, 1)).toBe(moves);

            board = next;
            seat = c4.nextTurn(board, seat);
          }

          expect(moves).toBeLessThanOrEqual(ROWS * COLUMNS);
          expect(['won', 'draw']).toContain(outcome.status);
        }),
      );
    });

    it('agrees with a brute-force line checker after every move', () => {
      fc.assert(
        fc.property(game, ({ first, picks }) => {
          let board = c4.initialBoard();
          let seat = first;

          for (const pick of picks) {
            const open = openColumns(board);
            const column = open[pick % open.length] as number;
            board = c4.apply(board, { column }, seat);
            const outcome = c4.outcome(board, { column }, seat);
            const lines = seatsWithALine(board);
            const full = board.flat().every((cell) => cell !== null);

            // The game stops at the first line, so a line can only be the mover's.
            if (lines.size > 0) expect(outcome).toEqual({ status: 'won', winner: seat });
            else if (full) expect(outcome).toEqual({ status: 'draw' });
            else expect(outcome).toEqual({ status: 'playing' });
            expect([...lines].every((owner) => owner === seat)).toBe(true);

            if (outcome.status !== 'playing') return;
            seat = c4.nextTurn(board, seat);
          }
          expect.unreachable('a game of 42 moves always ends');
        }),
      );
    });

    it('refuses exactly the full columns of any reachable board', () => {
      fc.assert(
        fc.property(game, fc.nat({ max: ROWS * COLUMNS }), ({ first, picks }, length) => {
          let board = c4.initialBoard();
          let seat = first;
          for (const pick of picks.slice(0, length)) {
            const open = openColumns(board);
            if (open.length === 0) break;
            board = c4.apply(board, { column: open[pick % open.length] as number }, seat);
            seat = c4.nextTurn(board, seat);
          }

          for (let column = 0; column < COLUMNS; column++) {
            const full = board.every((cells) => cells[column] !== null);
            expect(c4.validate(board, { column }, seat)).toBe(full ? `column ${column} is full` : undefined);
          }
        }),
      );
    });
  });
});
