import type { ArenaClient, ConnectionState, LobbyStatus } from '../../src/client';
import { ArenaError } from '../../src/client';
import type { LobbyRoom } from '../../src/protocol';
import { background } from './background';
import { formatDuration } from './countdown';
import { byId, el } from './dom';

/** How often the lists are asked for again while the lobby shows: fresh enough, and 2 requests per refresh stay far inside the message budget. */
const REFRESH_MS = 5000;
/** Pages a list may grow to with "More" (20 rooms each). */
const MAX_PAGES = 5;

interface List {
  status: LobbyStatus;
  items: HTMLElement;
  more: HTMLButtonElement;
  empty: string;
  action: string;
}

/**
 * The lobby's lists for one game at a time (its tabs): public rooms waiting
 * for a player, to join, and games being played, to watch. Refreshed every
 * few seconds while the lobby shows and the connection is open, each list
 * keeping the number of pages its "More" asked for.
 */
export class RoomLists {
  private game: string;
  private readonly pages: Record<LobbyStatus, number> = { waiting: 1, playing: 1 };
  private readonly lists: List[];
  private readonly tabs: HTMLButtonElement[];
  private readonly status = byId('rooms-status');
  private active = false;
  private connection: ConnectionState = 'connecting';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private refreshing = false;
  /** Asked for while a refresh ran (another tab, "More"): refresh again as soon as it ends. */
  private again = false;

  constructor(
    private readonly client: ArenaClient,
    games: { id: string; title: string }[],
    private readonly onPick: (room: string) => void,
  ) {
    this.game = games[0]?.id ?? '';
    this.tabs = games.map(({ id, title }) => {
      const tab = el('button', { text: title, className: 'tab', attrs: { type: 'button', 'data-game': id, 'aria-pressed': String(id === this.game) } });
      tab.addEventListener('click', () => this.select(id));
      return tab;
    });
    byId('rooms-tabs').replaceChildren(...this.tabs);
    this.lists = [
      { status: 'waiting', items: byId('open-rooms'), more: byId<HTMLButtonElement>('open-rooms-more'), empty: 'No open room right now: quick play opens one.', action: 'Join' },
      { status: 'playing', items: byId('live-rooms'), more: byId<HTMLButtonElement>('live-rooms-more'), empty: 'No game being played right now.', action: 'Watch' },
    ];
    for (const list of this.lists) {
      list.more.addEventListener('click', () => {
        this.pages[list.status] = Math.min(MAX_PAGES, this.pages[list.status] + 1);
        this.refreshNow();
      });
    }
  }

  start(): void {
    this.active = true;
    this.refreshNow();
  }

  stop(): void {
    this.active = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  connectionChanged(state: ConnectionState): void {
    this.connection = state;
    if (state === 'open' && this.active) this.refreshNow();
  }

  private select(game: string): void {
    this.game = game;
    this.pages.waiting = this.pages.playing = 1;
    for (const tab of this.tabs) tab.setAttribute('aria-pressed', String(tab.dataset.game === game));
    for (const list of this.lists) list.items.replaceChildren();
    this.refreshNow();
  }

  private refreshNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    background.run(() => this.refresh());
  }

  private async refresh(): Promise<void> {
    if (!this.active) return;
    if (this.refreshing) {
      this.again = true;
      return;
    }
    this.again = false;
    let wait = REFRESH_MS;
    if (this.connection === 'open' && !document.hidden) {
      this.refreshing = true;
      const game = this.game;
      try {
        for (const list of this.lists) {
          const { rooms, more } = await this.fetch(game, list.status, this.pages[list.status]);
          if (game === this.game) this.show(list, rooms, more);
        }
        this.status.textContent = '';
        if (this.again) wait = 0;
      } catch (error) {
        // Refused for going too fast: ask again no sooner than the server says.
        if (error instanceof ArenaError && error.retryAfterMs !== undefined) wait = Math.max(wait, error.retryAfterMs);
        else if (this.again) wait = 0;
        this.status.textContent = 'Could not load the rooms: trying again.';
      } finally {
        this.refreshing = false;
      }
    }
    if (this.active) this.timer ??= setTimeout(() => this.refreshNow(), wait);
  }

  /** Up to `pages` pages of the list, following the cursor; `more` when the server has another. */
  private async fetch(game: string, status: LobbyStatus, pages: number): Promise<{ rooms: LobbyRoom[]; more: boolean }> {
    const rooms: LobbyRoom[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < pages; page++) {
      const reply = await this.client.rooms(game, status, cursor);
      rooms.push(...reply.rooms);
      cursor = reply.cursor;
      if (cursor === undefined) break;
    }
    return { rooms, more: cursor !== undefined && pages < MAX_PAGES };
  }

  private show(list: List, rooms: LobbyRoom[], more: boolean): void {
    list.more.hidden = !more;
    if (rooms.length === 0) {
      list.items.replaceChildren(el('li', { className: 'muted empty', text: list.empty }));
      return;
    }
    list.items.replaceChildren(
      ...rooms.map((room) => {
        const players = room.players.length === 0 ? 'Nobody yet' : room.players.join(' vs ');
        const details = [room.clock === null ? 'no clock' : `${formatDuration(room.clock.turnSeconds * 1000)} per turn`, room.spectators > 0 ? `${room.spectators} watching` : ''].filter(Boolean).join(' · ');
        const button = el('button', { className: 'room-entry', attrs: { type: 'button', 'data-room': room.room, 'aria-label': `${list.action}: ${players}, ${details}` } }, [
          // Names are players' own text: set as text, never as markup.
          el('span', { className: 'room-players', text: players }),
          el('span', { className: 'room-details muted', text: details }),
          el('span', { className: 'room-action', text: list.action }),
        ]);
        button.addEventListener('click', () => this.onPick(room.room));
        return el('li', {}, [button]);
      }),
    );
  }
}
