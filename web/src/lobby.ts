import { Limits } from '../../src/protocol';
import { background } from './background';
import { byId } from './dom';
import { savedName } from './preferences';
import { isRoomCode, newRoomCode } from './room-link';

/** Joins `room` as `name`; rejects with the message to show when it cannot. */
export type JoinRoom = (room: string, name: string) => Promise<void>;

/** The first screen: a name, then a new room, the room of the link that was opened, or a room by code. */
export class LobbyView {
  private readonly root = byId('lobby');
  private readonly form = byId<HTMLFormElement>('lobby-form');
  private readonly name = byId<HTMLInputElement>('name');
  private readonly code = byId<HTMLInputElement>('code');
  private readonly error = byId('lobby-error');
  private readonly invite = byId('invite');
  private invited: string | undefined;

  constructor(private readonly join: JoinRoom) {
    this.name.value = savedName();
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (document.activeElement === this.code && this.code.value.trim() !== '') this.joinByCode();
      else if (this.invited !== undefined) this.enter(this.invited);
      else this.enter(newRoomCode());
    });
    byId('create').addEventListener('click', () => this.enter(newRoomCode()));
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
  }

  /** Joins at once, without asking (a reload of a tab that was in `room`). */
  enter(room: string): void {
    const name = this.name.value.trim();
    if (name === '' || [...name].length > Limits.maxNameLength) {
      this.error.textContent = `Type a name first (up to ${Limits.maxNameLength} characters).`;
      this.name.focus();
      return;
    }
    this.setBusy(true);
    this.error.textContent = '';
    background.run(async () => {
      try {
        await this.join(room, name);
      } catch (error) {
        this.error.textContent = error instanceof Error ? error.message : String(error);
        this.setBusy(false);
      }
    });
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

  private setBusy(busy: boolean): void {
    for (const button of this.form.querySelectorAll('button')) button.disabled = busy;
  }
}
