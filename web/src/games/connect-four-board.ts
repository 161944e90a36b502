import { el, reducedMotion } from '../dom';
import { landingRow, type Board } from './connect-four-lines';

const ROWS = 6;
const COLUMNS = 7;

export interface BoardRender {
  board: Board;
  /** Whether a click may drop a disc (your turn, connected). */
  playable: boolean;
  /** Your colour for the hover preview; null for a spectator. */
  seat: number | null;
  winning: ReadonlySet<string>;
}

/**
 * The Connect Four grid: one button per column (Tab reaches the board, arrow
 * keys, Home and End move between columns, Enter or Space drops a disc), six
 * cells in each. Updated in place, so focus and animations survive each event.
 */
export class BoardView {
  private readonly columns: HTMLButtonElement[] = [];
  private readonly cells: HTMLElement[][] = Array.from({ length: ROWS }, () => []);
  private focusable = 3;

  constructor(
    root: HTMLElement,
    private readonly onPick: (column: number) => void,
  ) {
    for (let column = 0; column < COLUMNS; column++) {
      const button = el('button', { className: 'column', attrs: { type: 'button', 'data-column': String(column), tabindex: column === this.focusable ? '0' : '-1' } });
      for (let row = 0; row < ROWS; row++) {
        const cell = el('span', { className: 'cell', attrs: { 'data-row': String(row), 'data-col': String(column) } });
        this.cells[row]!.push(cell);
        button.append(cell);
      }
      button.addEventListener('click', () => {
        this.moveFocus(column, false);
        if (button.getAttribute('aria-disabled') !== 'true') this.onPick(column);
      });
      this.columns.push(button);
    }
    root.replaceChildren(...this.columns);
    root.addEventListener('keydown', (event) => this.onKey(event));
  }

  render({ board, playable, seat, winning }: BoardRender): void {
    this.columns[0]?.parentElement?.setAttribute('data-seat', seat === null ? '' : String(seat));
    this.columns.forEach((button, column) => {
      const free = board.filter((line) => line[column] === null).length;
      // aria-disabled rather than disabled: a disabled button drops keyboard focus and leaves the tab order.
      button.setAttribute('aria-disabled', String(!playable || free === 0));
      button.setAttribute('aria-label', `Column ${column + 1}, ${free === 0 ? 'full' : `${free} free`}`);
    });
    this.cells.forEach((line, row) =>
      line.forEach((cell, column) => {
        const seatHere = board[row]?.[column];
        if (seatHere === null || seatHere === undefined) {
          cell.removeAttribute('data-seat');
          cell.classList.remove('winning');
        } else {
          cell.setAttribute('data-seat', String(seatHere));
          cell.classList.toggle('winning', winning.has(`${row},${column}`));
        }
      }),
    );
  }

  /** Animates the disc that just landed in `column`: it falls from above the board to its row. */
  dropped(board: Board, column: number): void {
    const row = landingRow(board, column);
    const cell = row === undefined ? undefined : this.cells[row]?.[column];
    const top = this.cells[0]?.[column];
    if (cell === undefined || top === undefined || row === undefined || reducedMotion()) return;
    const fall = cell.getBoundingClientRect().top - top.getBoundingClientRect().top + cell.offsetHeight;
    // The Web Animations API, not an inline style: the CSP allows no inline styles.
    cell.animate([{ transform: `translateY(${-fall}px)` }, { transform: 'translateY(0)' }], {
      duration: 160 + row * 55,
      easing: 'cubic-bezier(0.55, 0, 1, 0.45)',
    });
  }

  private onKey(event: KeyboardEvent): void {
    const current = this.columns.indexOf(event.target as HTMLButtonElement);
    if (current === -1) return;
    const target = { ArrowLeft: current - 1, ArrowRight: current + 1, Home: 0, End: COLUMNS - 1 }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    this.moveFocus(Math.min(COLUMNS - 1, Math.max(0, target)), true);
  }

  /** One column is in the tab order at a time (roving tabindex): Tab enters and leaves the board in one step. */
  private moveFocus(column: number, focus: boolean): void {
    this.columns[this.focusable]?.setAttribute('tabindex', '-1');
    this.focusable = column;
    this.columns[column]?.setAttribute('tabindex', '0');
    if (focus) this.columns[column]?.focus();
  }
}
