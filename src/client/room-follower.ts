import type { EventsReply, RoomEvent, SnapshotReply, WelcomeReply } from '../protocol';
import type { Emitter } from './emitter';
import type { SeatStore } from './seat-store';
import { EventSequencer, type GapWait } from './sequencer';
import type { ClientEvents, RoomView, You } from './types';

/** The room this client is in, as who, and how to be that player again. */
export interface Membership {
  room: string;
  name: string;
  you: You;
  /** The seat token, or the spectator token, that makes this client the same player again after a reconnect. */
  token: string | undefined;
}

/**
 * The room the client follows: its membership, the view published to the
 * page, and the sequencer that puts its events in order. Entering a room
 * (a welcome), being put out of it, and the events and syncs in between all
 * change these three together, here.
 */
export class RoomFollower {
  membership: Membership | undefined;
  private current: RoomView | undefined;
  readonly sequencer: EventSequencer;

  constructor(
    gapWait: GapWait,
    private readonly emitter: Emitter<ClientEvents>,
    private readonly seats: SeatStore,
    /** A gap stayed open: the client decides whether to sync now. */
    gap: () => void,
  ) {
    this.sequencer = new EventSequencer(gapWait, { deliver: (event) => this.deliver(event), gap });
  }

  get view(): RoomView | undefined {
    return this.current;
  }

  /** The room of a welcome, entered: the token saved, the view published, the events after it expected. */
  async adopt(welcome: WelcomeReply, name: string): Promise<void> {
    const previous = this.membership;
    // A create or quick play learns its room from the welcome (a join named it before sending).
    if (this.sequencer.currentRoom !== welcome.room) this.sequencer.clear(welcome.room);
    const sameSeat = previous?.room === welcome.room && previous.you.playerId === welcome.you.playerId;
    const you = { playerId: welcome.you.playerId, seat: welcome.you.seat };
    this.membership = { room: welcome.room, name, you, token: welcome.you.token ?? (sameSeat ? previous.token : undefined) };
    if (previous !== undefined && previous.room !== welcome.room) await this.seats.forget(previous.room, previous.you.playerId);
    if (welcome.you.token !== undefined) await this.seats.save(welcome.room, { playerId: you.playerId, token: welcome.you.token });

    const applied = this.sequencer.lastApplied;
    const shown = this.current;
    if (previous?.room === welcome.room && shown !== undefined && applied !== undefined && welcome.seq >= applied) {
      // Back in the same room: the events missed meanwhile come from a sync, so nothing is skipped.
      this.publish({ ...shown, you, cause: 'welcome' });
      this.sequencer.expect(welcome.seq);
    } else {
      this.publish({ room: welcome.room, seq: welcome.seq, state: welcome.state, you, cause: 'welcome' });
      this.sequencer.reset(welcome.seq);
    }
  }

  /**
   * Out of the room: nothing more will arrive from it, so say so rather than
   * show a board that silently stopped moving.
   */
  leave(): void {
    this.membership = undefined;
    this.sequencer.clear(undefined);
    this.publish(undefined);
  }

  /** A sync's answer: the events go through the sequencer; a snapshot replaces what it covers. */
  applySync(room: string, reply: EventsReply | SnapshotReply): void {
    if (reply.room !== this.sequencer.currentRoom || this.membership === undefined) return;
    if (reply.type === 'events') {
      for (const event of reply.events) this.sequencer.push(event);
    } else {
      this.publish({ room, seq: reply.seq, state: reply.state, you: this.membership.you, cause: 'snapshot' });
      this.sequencer.reset(reply.seq);
    }
  }

  private deliver(event: RoomEvent): void {
    this.emitter.emit('event', event);
    const membership = this.membership;
    if (membership === undefined || this.current === undefined) return;
    if ('state' in event) this.publish({ room: event.room, seq: event.seq, state: event.state, you: membership.you, cause: 'event' });
    else if (typeof event.spectators === 'number' && event.spectators !== this.current.state.spectators) {
      // Spectators come and go without an event: their count rides on the next one, a chat line included.
      this.publish({ ...this.current, seq: event.seq, state: { ...this.current.state, spectators: event.spectators }, cause: 'event' });
    } else this.current = { ...this.current, seq: event.seq };
  }

  private publish(view: RoomView | undefined): void {
    this.current = view;
    this.emitter.emit('room', view);
  }
}
