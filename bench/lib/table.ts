export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  /** Numbers read best right-aligned. */
  align?: 'left' | 'right';
}

/** A plain-text table, wide enough for its widest cell. */
export const formatTable = <Row>(columns: Column<Row>[], rows: Row[]): string => {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => (line[i] as string).length)));
  const render = (line: string[]) =>
    line.map((cell, i) => (columns[i]?.align === 'left' ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number))).join('  ');
  const header = render(columns.map((column) => column.header));
  return [header, '-'.repeat(header.length), ...cells.map(render)].join('\n');
};

export const fixed = (value: number, digits = 0): string => value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
