import type { ArenaClient, ConnectionState, RoomView } from '../../src/client';
import type { RoomEvent, RoomState } from '../../src/protocol';
import { background } from './background';
import { BoardView } from './board';
import { ChatView } from './chat';
import { byId, isTyping } from './dom';
import { describeError, seatColour } from './messages';
import { Notice } from './notice';
import { renderPlayers } from './players';
import { renderResult } from './result';
import { linkTo } from './room-link';
import { turnText } from './turn';
import { winningCells, type Board } from './winning-line';

const EMPTY_BOARD: Board = Array.from({ length: 6 }, () => Array.from({ length: 7 }, () => null));

const boardOf = (state: RoomState): Board => (Array.isArray(state.board) ? (state.board as Board) : EMPTY_BOARD);

/** The room screen: the board, whose turn it is, players, chat and the result, all driven by the client's events. */
export class GameScreen {
  private readonly root = byId('game');
  private readonly notice = new Notice(byId('notice'));
  private readonly board: BoardView;
  private readonly chat: ChatView;
  private readonly names = new Map<string, string>();
  private view: RoomView | undefined;
  private connection: ConnectionState = 'connecting';
  /** The column of a `moved` event whose disc falls once the board shows it. */
  private pendingDrop: number | undefined;

  constructor(private readonly client: ArenaClient) {
    this.board = new BoardView(byId('board'), (column) => this.pick(column));
    this.chat = new ChatView(byId('chat-log'), byId<HTMLFormElement>('chat-form'), byId<HTMLInputElement>('chat-input'), (text) => this.say(text));
    byId('rematch').addEventListener('click', () => this.act(() => this.client.rematch()));
    byId('leave').addEventListener('click', () => this.act(() => this.client.leave()));
    byId('copy-link').addEventListener('click', () => this.copyLink());
    document.addEventListener('keydown', (event) => {
      if (this.root.hidden || isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      const column = '1234567'.indexOf(event.key);
      if (column === -1) return;
      event.preventDefault();
      this.pick(column);
    });
  }

  update(view: RoomView): void {
    const entering = this.view?.room !== view.room;
    this.view = view;
    if (entering) this.enter(view);
    if (view.cause === 'snapshot') this.chat.append({ system: true, text: 'Caught up with the room (older messages were skipped).' });
    for (const player of view.state.players) this.names.set(player.playerId, player.name);
    this.render();
  }

  hide(): void {
    this.root.hidden = true;
    this.view = undefined;
    this.notice.clear();
  }

  connectionChanged(state: ConnectionState): void {
    this.connection = state;
    this.root.classList.toggle('offline', state !== 'open');
    if (this.view !== undefined) this.render();
  }

  /** Room events, once each and in order: the falling disc and the chat's lines. */
  onEvent(event: RoomEvent): void {
    const name = (playerId: string) => this.names.get(playerId) ?? 'Someone';
    switch (event.type) {
      case 'moved':
        this.pendingDrop = typeof event.column === 'number' ? event.column : undefined;
        break;
      case 'chat':
        this.names.set(event.playerId, event.name);
        this.chat.append({ name: event.name, seat: event.seat, text: event.text });
        break;
      case 'joined':
        this.names.set(event.playerId, event.name);
        this.chat.append({ system: true, text: event.seat === null ? `${event.name} is watching.` : `${event.name} joined as ${seatColour(event.seat)}.` });
        break;
      case 'left':
        this.chat.append({ system: true, text: `${name(event.playerId)} left.` });
        break;
      case 'presence':
        this.chat.append({ system: true, text: event.online ? `${name(event.playerId)} is back.` : `${name(event.playerId)} lost the connection.` });
        break;
      case 'rematch':
        if (event.started) this.chat.append({ system: true, text: `Rematch: round ${event.state.round} starts.` });
        break;
    }
  }

  private enter(view: RoomView): void {
    this.root.hidden = false;
    this.chat.clear();
    this.names.clear();
    this.notice.clear();
    byId('room-code').textContent = view.room;
    byId<HTMLInputElement>('share-link').value = linkTo(view.room);
    const seat = view.you.seat;
    this.chat.append({ system: true, text: seat === null ? `You are watching room ${view.room}.` : `You are in room ${view.room}, playing ${seatColour(seat)}.` });
  }

  private render(): void {
    const view = this.view;
    if (view === undefined) return;
    const { state, you } = view;
    const board = boardOf(state);
    const turn = turnText(state, you);
    const turnLine = byId('turn');
    turnLine.textContent = turn.text;
    turnLine.dataset.mine = String(turn.mine);
    this.board.render({
      board,
      playable: turn.mine && this.connection === 'open',
      seat: you.seat,
      winning: state.status === 'won' && state.winner !== null ? winningCells(board, state.winner) : new Set(),
    });
    if (this.pendingDrop !== undefined) this.board.dropped(board, this.pendingDrop);
    this.pendingDrop = undefined;
    renderPlayers(byId('players'), byId('spectators'), state, you);
    renderResult({ root: byId('result'), text: byId('result-text'), rematch: byId<HTMLButtonElement>('rematch'), status: byId('rematch-status') }, state, you);
  }

  private pick(column: number): void {
    const view = this.view;
    if (view === undefined) return;
    if (view.you.seat === null) return this.notice.show('Spectators watch: join another room to play.');
    if (this.connection !== 'open') return this.notice.show('Reconnecting: wait a moment.');
    if (view.state.status === 'playing' && view.state.turn !== view.you.seat) return this.notice.show('Not your turn.');
    this.act(() => this.client.move(column));
  }

  private async say(text: string): Promise<boolean> {
    try {
      await this.client.chat(text);
      return true;
    } catch (error) {
      this.notice.show(describeError(error));
      return false;
    }
  }

  /** Runs a player's action; its failure becomes a notice rather than an unhandled rejection. */
  private act(action: () => Promise<unknown>): void {
    background.run(async () => {
      try {
        await action();
      } catch (error) {
        this.notice.show(describeError(error));
      }
    });
  }

  private copyLink(): void {
    const field = byId<HTMLInputElement>('share-link');
    background.run(async () => {
      try {
        await navigator.clipboard.writeText(field.value);
        this.notice.show('Link copied: send it to a friend.');
      } catch {
        // No clipboard permission: select the link so Ctrl-C copies it.
        field.select();
        this.notice.show('Press Ctrl-C (or ⌘-C) to copy the link.');
      }
    });
  }
}
