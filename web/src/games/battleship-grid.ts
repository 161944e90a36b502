import { el, reducedMotion } from '../dom';
import { cellKey, cellsOf, GRID, type Ship, type Shot } from './battleship-fleet';

const ROW_NAMES = 'ABCDEFGHIJ';

/** What one grid shows: the ships its viewer may see, the sunk ones, the shots fired at it. */
export interface SeaMarks {
  ships: readonly Ship[];
  sunk: readonly Ship[];
  shots: readonly Shot[];
  /** Cells answer clicks (placing your fleet, or shooting). */
  interactive: boolean;
  /** Where the ship being placed would go, and whether it fits there. */
  preview?: { ship: Ship; fits: boolean };
}

/**
 * One 10x10 sea: a button per cell, so a keyboard reaches it (Tab enters the
 * grid, arrow keys move, Enter or Space picks). Each cell says what it shows
 * in classes (`ship`, `sunk`, `hit`, `miss`) and its label; a ship the viewer
 * may not see is simply never given to it.
 */
export class SeaGrid {
  readonly element: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly cells: HTMLButtonElement[][] = [];
  private focusable: [number, number] = [0, 0];

  constructor(
    owner: string,
    onPick: (row: number, column: number) => void,
    onHover: (cell: [number, number] | undefined) => void = () => {},
  ) {
    this.caption = el('h3', { className: 'sea-caption' });
    this.grid = el('div', { className: 'sea-grid', attrs: { role: 'grid' } });
    for (let row = 0; row < GRID; row++) {
      const line: HTMLButtonElement[] = [];
      const rowElement = el('div', { className: 'sea-row', attrs: { role: 'row' } });
      for (let column = 0; column < GRID; column++) {
        const cell = el('button', {
          className: 'sea-cell',
          attrs: { type: 'button', role: 'gridcell', 'data-row': String(row), 'data-col': String(column), tabindex: row === 0 && column === 0 ? '0' : '-1' },
        });
        cell.addEventListener('click', () => {
          this.moveFocus(row, column, false);
          if (cell.getAttribute('aria-disabled') !== 'true') onPick(row, column);
        });
        cell.addEventListener('pointerenter', () => onHover([row, column]));
        cell.addEventListener('focus', () => onHover([row, column]));
        line.push(cell);
        rowElement.append(cell);
      }
      this.cells.push(line);
      this.grid.append(rowElement);
    }
    this.grid.addEventListener('pointerleave', () => onHover(undefined));
    this.grid.addEventListener('keydown', (event) => this.onKey(event));
    this.element = el('section', { className: 'sea', attrs: { 'data-owner': owner } }, [this.caption, this.grid]);
  }

  render(caption: string, marks: SeaMarks): void {
    this.caption.textContent = caption;
    this.grid.setAttribute('aria-label', caption);
    this.element.classList.toggle('interactive', marks.interactive);
    const ships = new Set(marks.ships.flatMap((ship) => cellsOf(ship).map(([r, c]) => cellKey(r, c))));
    const sunk = new Set(marks.sunk.flatMap((ship) => cellsOf(ship).map(([r, c]) => cellKey(r, c))));
    const shots = new Map(marks.shots.map((shot) => [cellKey(shot.row, shot.column), shot.result]));
    const preview = new Set(marks.preview === undefined ? [] : cellsOf(marks.preview.ship).map(([r, c]) => cellKey(r, c)));
    this.cells.forEach((line, row) =>
      line.forEach((cell, column) => {
        const key = cellKey(row, column);
        const shot = shots.get(key);
        const isSunk = sunk.has(key);
        const isShip = isSunk || ships.has(key);
        cell.classList.toggle('ship', isShip);
        cell.classList.toggle('sunk', isSunk);
        cell.classList.toggle('hit', shot === 'hit' || shot === 'sunk');
        cell.classList.toggle('miss', shot === 'miss');
        cell.classList.toggle('preview', preview.has(key) && marks.preview?.fits === true);
        cell.classList.toggle('preview-bad', preview.has(key) && marks.preview?.fits === false);
        // aria-disabled rather than disabled: a disabled button leaves the tab order and drops focus.
        cell.setAttribute('aria-disabled', String(!marks.interactive));
        const what = [isSunk ? 'sunk ship' : isShip ? 'ship' : '', shot === undefined ? '' : shot === 'miss' ? 'miss' : 'hit'].filter(Boolean).join(', ');
        cell.setAttribute('aria-label', `${ROW_NAMES[row]}${column + 1}${what === '' ? '' : `: ${what}`}`);
      }),
    );
  }

  /** A shot that just landed on (row, column): a short pulse. */
  flash(row: number, column: number): void {
    const cell = this.cells[row]?.[column];
    if (cell === undefined || reducedMotion()) return;
    // The Web Animations API, not an inline style: the CSP allows no inline styles.
    cell.animate([{ transform: 'scale(1.5)' }, { transform: 'scale(1)' }], { duration: 260, easing: 'ease-out' });
  }

  private onKey(event: KeyboardEvent): void {
    const [row, column] = this.focusable;
    const target = ({ ArrowUp: [row - 1, column], ArrowDown: [row + 1, column], ArrowLeft: [row, column - 1], ArrowRight: [row, column + 1] } as Record<string, [number, number]>)[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const clamp = (n: number) => Math.min(GRID - 1, Math.max(0, n));
    this.moveFocus(clamp(target[0]), clamp(target[1]), true);
  }

  /** One cell is in the tab order at a time (roving tabindex): Tab enters and leaves the grid in one step. */
  private moveFocus(row: number, column: number, focus: boolean): void {
    this.cells[this.focusable[0]]?.[this.focusable[1]]?.setAttribute('tabindex', '-1');
    this.focusable = [row, column];
    const cell = this.cells[row]?.[column];
    cell?.setAttribute('tabindex', '0');
    if (focus) cell?.focus();
  }
}
