import type { ArenaClient, ConnectionState, MoveFields, RoomView } from '../../src/client';
import type { RoomEvent, Seat } from '../../src/protocol';
import { background } from './background';
import { ChatView } from './chat';
import { awayTexts, clockText } from './countdown';
import { byId, el, isTyping } from './dom';
import { rendererFor } from './games';
import type { GameRenderer, GameView } from './games/types';
import { describeError } from './messages';
import { Notice } from './notice';
import { renderPlayers } from './players';
import { renderResult } from './result';
import { linkTo } from './room-link';
import { turnText } from './turn';

const PAGE_TITLE = 'serverless-arena';
/** How often the countdowns are redrawn: often enough that a second never lingers. */
const TICK_MS = 250;

/**
 * The room screen, the same for every game: whose turn it is, the clocks,
 * players, chat, the result, rematch, leave and the link. The game area is
 * drawn by the renderer `state.game` names (`games/`); nothing here knows
 * what a game looks like.
 */
export class GameScreen {
  private readonly root = byId('game');
  private readonly notice = new Notice(byId('notice'));
  private readonly chat: ChatView;
  private readonly names = new Map<string, string>();
  /** The last name seen in each seat, for words about a player who has left ("Bob left the game"). */
  private readonly seatNames = new Map<Seat, string>();
  private view: RoomView | undefined;
  private renderer: GameRenderer | undefined;
  private game: GameView | undefined;
  private connection: ConnectionState = 'connecting';
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly client: ArenaClient) {
    this.chat = new ChatView(byId('chat-log'), byId<HTMLFormElement>('chat-form'), byId<HTMLInputElement>('chat-input'), (text) => this.say(text));
    byId('rematch').addEventListener('click', () => this.act(() => this.client.rematch()));
    byId('leave').addEventListener('click', () => this.act(() => this.client.leave()));
    byId('copy-link').addEventListener('click', () => this.copyLink());
    document.addEventListener('keydown', (event) => {
      if (this.root.hidden || isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (this.game?.onKey(event) === true) event.preventDefault();
    });
  }

  update(view: RoomView): void {
    const entering = this.view?.room !== view.room || this.renderer?.id !== view.state.game;
    this.view = view;
    if (entering) this.enter(view);
    if (view.cause === 'snapshot') this.chat.append({ system: true, text: 'Caught up with the room (older messages were skipped).' });
    for (const player of view.state.players) {
      this.names.set(player.playerId, player.name);
      this.seatNames.set(player.seat, player.name);
    }
    this.render();
  }

  hide(): void {
    this.root.hidden = true;
    this.view = undefined;
    this.notice.clear();
    this.game?.destroy();
    this.game = undefined;
    this.renderer = undefined;
    this.stopTicker();
    document.title = PAGE_TITLE;
  }

  connectionChanged(state: ConnectionState): void {
    this.connection = state;
    this.root.classList.toggle('offline', state !== 'open');
    if (this.view !== undefined) this.render();
  }

  /** Room events, once each and in order: the game's animations and the chat's lines. */
  onEvent(event: RoomEvent): void {
    const name = (playerId: string) => this.names.get(playerId) ?? 'Someone';
    switch (event.type) {
      case 'moved':
        this.game?.onEvent(event);
        break;
      case 'chat':
        this.names.set(event.playerId, event.name);
        // Names take their seat's colour where seats have one.
        this.chat.append({ name: event.name, seat: event.seat !== null && this.renderer?.seatLabel(event.seat) !== undefined ? event.seat : null, text: event.text });
        break;
      case 'joined': {
        this.names.set(event.playerId, event.name);
        const label = this.renderer?.seatLabel(event.seat);
        this.chat.append({ system: true, text: label === undefined ? `${event.name} sat down.` : `${event.name} joined as ${label}.` });
        break;
      }
      case 'left':
        this.chat.append({ system: true, text: `${name(event.playerId)} left.` });
        break;
      case 'presence':
        this.chat.append({ system: true, text: event.online ? `${name(event.playerId)} is back.` : `${name(event.playerId)} lost the connection.` });
        break;
      case 'rematch':
        if (event.started) this.chat.append({ system: true, text: `Rematch: round ${event.state.round} starts.` });
        break;
      case 'ended': {
        const who = event.seats.map((seat) => this.nameOf(seat)).join(' and ');
        this.chat.append({ system: true, text: event.reason === 'timeout' ? `${who} ran out of time.` : `${who} did not come back.` });
        break;
      }
    }
  }

  private nameOf(seat: Seat): string {
    const label = this.renderer?.seatLabel(seat);
    return this.view?.state.players.find((p) => p.seat === seat)?.name ?? this.seatNames.get(seat) ?? (label === undefined ? `Seat ${seat + 1}` : label);
  }

  private enter(view: RoomView): void {
    this.root.hidden = false;
    this.chat.clear();
    this.names.clear();
    this.seatNames.clear();
    this.notice.clear();
    this.game?.destroy();
    this.renderer = rendererFor(view.state.game);
    this.game = this.renderer.mount(byId('game-view'), { play: (fields) => this.play(fields), notify: (text) => this.notice.show(text) });
    byId('room-code').textContent = view.room;
    byId('room-game').textContent = this.renderer.title;
    document.title = `${this.renderer.title} · ${PAGE_TITLE}`;
    byId<HTMLInputElement>('share-link').value = linkTo(view.room);
    const seat = view.you.seat;
    const label = seat === null ? undefined : this.renderer.seatLabel(seat);
    this.chat.append({
      system: true,
      text: seat === null ? `You are watching room ${view.room}.` : `You are in room ${view.room}, playing ${label ?? `seat ${seat + 1}`}.`,
    });
  }

  private render(): void {
    const { view, renderer, game } = this;
    if (view === undefined || renderer === undefined || game === undefined) return;
    const { state, you } = view;
    const nameOf = (seat: Seat) => this.nameOf(seat);
    const turn = turnText(renderer, state, you, nameOf);
    const turnLine = byId('turn');
    turnLine.textContent = turn.text;
    turnLine.dataset.mine = String(turn.mine);
    game.render(state, you, { connected: this.connection === 'open', nameOf });
    renderPlayers(byId('players'), byId('spectators'), renderer, state, you);
    renderResult({ root: byId('result'), text: byId('result-text'), rematch: byId<HTMLButtonElement>('rematch'), status: byId('rematch-status') }, renderer, state, you, nameOf);
    this.tick();
  }

  /** The turn clock and the away players' countdowns; a timer redraws them while any runs. */
  private tick(): void {
    const view = this.view;
    if (view === undefined) return this.stopTicker();
    const now = Date.now();
    const clock = clockText(view.state, view.you, (seat) => this.nameOf(seat), now);
    const clockLine = byId('clock');
    clockLine.hidden = clock === undefined;
    clockLine.textContent = clock?.text ?? '';
    clockLine.dataset.urgent = String(clock?.urgent === true);
    const away = awayTexts(view.state, view.you, now);
    const awayList = byId('away');
    // Redrawn only when a line changed: the timer ticks four times a second.
    if (away.join('\n') !== [...awayList.children].map((item) => item.textContent).join('\n')) awayList.replaceChildren(...away.map((text) => el('li', { text })));
    if (clock === undefined && away.length === 0) this.stopTicker();
    else this.ticker ??= setInterval(() => this.tick(), TICK_MS);
  }

  private stopTicker(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  /** A move from the game's view: refused here when it cannot go out, else sent, its refusal shown. */
  private play(fields: MoveFields): void {
    const view = this.view;
    if (view === undefined) return;
    if (view.you.seat === null) return this.notice.show('Spectators watch: join another room to play.');
    if (this.connection !== 'open') return this.notice.show('Reconnecting: wait a moment.');
    this.act(() => this.client.move(fields));
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
