import type { CreateOptions } from '../../src/client';
import { Limits } from '../../src/protocol';
import { background } from './background';
import { CLOCK_PRESETS, clockFrom } from './create-options';
import { byId, el } from './dom';
import { savedName } from './preferences';
import { isRoomCode } from './room-link';

/** What the lobby asks of the page; each rejects with the message to show when it cannot. */
export interface LobbyActions {
  join(room: string, name: string): Promise<void>;
  create(options: CreateOptions): Promise<void>;
  quickplay(game: string, name: string): Promise<void>;
}

/**
 * The first screen: a name, then quick play in a game, a new room (game,
 * public or private, turn clock), the room of the link that was opened, or a
 * room by code. The lists of open rooms and live games are `RoomLists`.
 */
export class LobbyView {
  private readonly root = byId('lobby');
  private readonly form = byId<HTMLFormElement>('lobby-form');
  private readonly name = byId<HTMLInputElement>('name');
  private readonly code = byId<HTMLInputElement>('code');
  private readonly error = byId('lobby-error');
  private readonly message = byId('lobby-notice');
  private readonly invite = byId('invite');
  private readonly game = byId<HTMLSelectElement>('create-game');
  private readonly clock = byId<HTMLSelectElement>('create-clock');
  private readonly clockSeconds = byId<HTMLInputElement>('create-clock-seconds');
  private invited: string | undefined;

  constructor(
    private readonly actions: LobbyActions,
    games: { id: string; title: string }[],
  ) {
    this.name.value = savedName();
    byId('quickplay').replaceChildren(
      ...games.map(({ id, title }) => {
        const button = el('button', { text: title, className: 'primary', attrs: { type: 'button', id: `quickplay-${id}`, 'data-game': id } });
        button.addEventListener('click', () => this.run((name) => this.actions.quickplay(id, name)));
        return button;
      }),
    );
    this.game.replaceChildren(...games.map(({ id, title }) => el('option', { text: title, attrs: { value: id } })));
    this.clock.replaceChildren(...CLOCK_PRESETS.map(({ value, label }) => el('option', { text: label, attrs: { value } })));
    this.clock.addEventListener('change', () => {
      this.clockSeconds.hidden = this.clock.value !== 'custom';
      if (!this.clockSeconds.hidden) this.clockSeconds.focus();
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (document.activeElement === this.code && this.code.value.trim() !== '') this.joinByCode();
      else if (this.invited !== undefined) this.enter(this.invited);
      else this.create();
    });
    byId('create').addEventListener('click', () => this.create());
    byId('join-code').addEventListener('click', () => this.joinByCode());
  }

  /** Shows the lobby; with `invitedTo`, a link to that room was opened. */
  show(invitedTo: string | undefined): void {
    this.invited = invitedTo;
    this.invite.hidden = invitedTo === undefined;
    byId('invite-room').textContent = invitedTo ?? '';
    this.root.hidden = false;
    this.setBusy(false);
    (this.name.value === '' ? this.name : invitedTo !== undefined ? byId('join-invited') : byId('create')).focus();
  }

  hide(): void {
    this.root.hidden = true;
    this.error.textContent = '';
    this.message.textContent = '';
  }

  /** Says why the player is back in the lobby ("Your seat was taken by another window."). */
  notify(text: string): void {
    this.message.textContent = text;
  }

  /** Joins `room` (a link, a code, a listed room; at once after a reload of a tab that was in it). */
  enter(room: string): void {
    this.run((name) => this.actions.join(room, name));
  }

  private create(): void {
    const clock = clockFrom(this.clock.value, this.clockSeconds.value);
    if ('error' in clock) {
      this.error.textContent = clock.error;
      (this.clockSeconds.hidden ? this.clock : this.clockSeconds).focus();
      return;
    }
    const visibility = byId<HTMLInputElement>('create-public').checked ? 'public' : 'private';
    this.run((name) => this.actions.create({ game: this.game.value, name, visibility, ...(clock.clock === undefined ? {} : { clock: clock.clock }) }));
  }

  private joinByCode(): void {
    const code = this.code.value.trim();
    if (!isRoomCode(code)) {
      this.error.textContent = 'A room code is letters, digits, - and _ (up to 64).';
      this.code.focus();
      return;
    }
    this.enter(code);
  }

  /** Runs an action that needs a name, with the form busy meanwhile and its failure shown. */
  private run(action: (name: string) => Promise<void>): void {
    const name = this.name.value.trim();
    if (name === '' || [...name].length > Limits.maxNameLength) {
      this.error.textContent = `Type a name first (up to ${Limits.maxNameLength} characters).`;
      this.name.focus();
      return;
    }
    this.setBusy(true);
    this.error.textContent = '';
    this.message.textContent = '';
    background.run(async () => {
      try {
        await action(name);
      } catch (error) {
        this.error.textContent = error instanceof Error ? error.message : String(error);
        this.setBusy(false);
      }
    });
  }

  private setBusy(busy: boolean): void {
    for (const button of this.root.querySelectorAll('button')) button.disabled = busy;
  }
}
