export type Board = readonly (readonly (number | null)[])[];

const DIRECTIONS = [
  [0, 1],
  [1, 0],
  [1, 1],
  [1, -1],
] as const;

/** The cells (`"row,column"`) of every line of four or more of `seat`'s discs, to highlight a win. */
export const winningCells = (board: Board, seat: number): Set<string> => {
  const cells = new Set<string>();
  const at = (row: number, column: number) => board[row]?.[column];
  board.forEach((line, row) =>
    line.forEach((_, column) => {
      for (const [dRow, dColumn] of DIRECTIONS) {
        const run = [0, 1, 2, 3].map((step) => [row + dRow * step, column + dColumn * step] as const);
        if (run.every(([r, c]) => at(r, c) === seat)) run.forEach(([r, c]) => cells.add(`${r},${c}`));
      }
    }),
  );
  return cells;
};

/** The row a disc dropped in `column` rests on: the topmost filled cell of that column. */
export const landingRow = (board: Board, column: number): number | undefined => {
  const row = board.findIndex((line) => line[column] !== null && line[column] !== undefined);
  return row === -1 ? undefined : row;
};
