import type { You } from '../../../src/client';
import type { MovedEvent, RoomState } from '../../../src/protocol';
import { BoardView } from './connect-four-board';
import { winningCells, type Board } from './connect-four-lines';
import type { GameActions, GameRenderer, GameView, RenderContext } from './types';

const ROWS = 6;
const COLUMNS = 7;
const COLOURS = ['red', 'yellow'];
const EMPTY_BOARD: Board = Array.from({ length: ROWS }, () => Array.from({ length: COLUMNS }, () => null));

const boardOf = (state: RoomState): Board => (Array.isArray(state.board) ? (state.board as Board) : EMPTY_BOARD);

/** The board, its keys (1-7 anywhere outside a text field) and the falling disc. */
class ConnectFourView implements GameView {
  private readonly board: BoardView;
  private state: RoomState | undefined;
  private you: You | undefined;
  /** The column of a `moved` event whose disc falls once the board shows it. */
  private pendingDrop: number | undefined;

  constructor(
    root: HTMLElement,
    private readonly actions: GameActions,
  ) {
    const area = document.createElement('div');
    area.className = 'board';
    area.id = 'board';
    area.setAttribute('role', 'group');
    area.setAttribute('aria-label', `Board: pick a column with the arrow keys or 1 to ${COLUMNS}`);
    root.replaceChildren(area);
    this.board = new BoardView(area, (column) => this.pick(column));
  }

  render(state: RoomState, you: You, context: RenderContext): void {
    this.state = state;
    this.you = you;
    const board = boardOf(state);
    const mine = state.status === 'playing' && you.seat !== null && state.toMove.includes(you.seat);
    this.board.render({
      board,
      playable: mine && context.connected,
      seat: you.seat,
      winning: state.status === 'won' && state.winner !== null ? winningCells(board, state.winner) : new Set(),
    });
    if (this.pendingDrop !== undefined) this.board.dropped(board, this.pendingDrop);
    this.pendingDrop = undefined;
  }

  onEvent(event: MovedEvent): void {
    this.pendingDrop = typeof event.column === 'number' ? event.column : undefined;
  }

  onKey(event: KeyboardEvent): boolean {
    const column = '1234567'.indexOf(event.key);
    if (column === -1) return false;
    this.pick(column);
    return true;
  }

  destroy(): void {}

  private pick(column: number): void {
    const { state, you } = this;
    if (state === undefined || you === undefined) return;
    if (you.seat === null) return this.actions.notify('Spectators watch: join another room to play.');
    if (state.status === 'playing' && !state.toMove.includes(you.seat)) return this.actions.notify('Not your turn.');
    this.actions.play({ column });
  }
}

/** Connect Four: red and yellow, a 6x7 board, four in a line. */
export const connectFour: GameRenderer = {
  id: 'connect4',
  title: 'Connect Four',
  seats: 2,
  seatLabel: (seat) => COLOURS[seat],
  drawText: 'Draw: the board is full.',
  mount: (root, actions) => new ConnectFourView(root, actions),
};
