/**
 * The bench's own Connect Four board, kept from the moves the server applied: the script picks legal
 * columns without depending on how much state the server's events carry (protocol v2 may send less).
 */
export class ConnectFourBoard {
  private readonly cells: (number | null)[][] = Array.from({ length: 6 }, () => Array<number | null>(7).fill(null));

  legalColumns(): number[] {
    return [0, 1, 2, 3, 4, 5, 6].filter((column) => this.cells[0]?.[column] === null);
  }

  drop(column: number, seat: number): void {
    for (let row = 5; row >= 0; row--) {
      const line = this.cells[row] as (number | null)[];
      if (line[column] === null) {
        line[column] = seat;
        return;
      }
    }
    throw new Error(`column ${column} is full`);
  }

  full(): boolean {
    return this.legalColumns().length === 0;
  }

  winner(): number | undefined {
    const at = (row: number, column: number) => this.cells[row]?.[column] ?? null;
    for (let row = 0; row < 6; row++) {
      for (let column = 0; column < 7; column++) {
        const seat = at(row, column);
        if (seat === null) continue;
        for (const [dr, dc] of [[0, 1], [1, 0], [1, 1], [1, -1]] as const) {
          if ([1, 2, 3].every((k) => at(row + dr * k, column + dc * k) === seat)) return seat;
        }
      }
    }
    return undefined;
  }
}
