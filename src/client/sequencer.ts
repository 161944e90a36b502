import type { RoomEvent } from '../protocol';

/** Events of a room being entered kept before its welcome: a few at most can be numbered in that instant. */
const EARLY_EVENTS = 32;

export interface SequencerHooks {
  /** Called once per event, in seq order, with no gap. */
  deliver(event: RoomEvent): void;
  /** A gap stayed open for the wait: ask the server for everything after `since`. */
  gap(since: number): void;
}

export interface GapWait {
  /** The shortest wait before a gap counts as lost. */
  waitMs: number;
  /** [0, 1): where in [waitMs, 2 x waitMs) each wait ends. */
  random: () => number;
}

/**
 * Puts one room's events back in seq order. Concurrent Lambdas can deliver
 * seq 8 before seq 7: 8 waits in the buffer until 7 arrives, and if it has not
 * come within the gap wait, `hooks.gap` asks for a sync. Duplicates (an event
 * both broadcast and replayed by a sync) are dropped.
 *
 * The wait is drawn anew for each gap in [waitMs, 2 x waitMs): every member
 * of a fanned-out room sees the same gap at about the same moment (SQS
 * reorders a batch for all of them), and a fixed wait would have a thousand
 * clients ask for a `sync` in the same instant.
 */
export class EventSequencer {
  private room: string | undefined;
  private applied: number | undefined;
  /** The highest seq known to exist, from an event or a welcome. */
  private known = 0;
  private readonly buffer = new Map<number, RoomEvent>();
  /** Events of other rooms, kept while a room whose id is not known yet is being entered (`expectNewRoom`). */
  private early: RoomEvent[] | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly gapWait: GapWait,
    private readonly hooks: SequencerHooks,
  ) {}

  /** The seq of the last event delivered (or of the welcome or snapshot it continues from). */
  get lastApplied(): number | undefined {
    return this.applied;
  }

  get currentRoom(): string | undefined {
    return this.room;
  }

  /**
   * Starts over for `room` with no baseline. Its events that arrive before the
   * welcome (the server adds a member before numbering its join) are kept.
   */
  clear(room: string | undefined): void {
    this.stopTimer();
    this.room = room;
    this.applied = undefined;
    this.known = 0;
    this.buffer.clear();
    const early = this.early ?? [];
    this.early = undefined;
    for (const event of early) this.push(event);
  }

  /**
   * A create or quick play is on its way: its room id comes with the welcome,
   * and that room's first events can overtake the welcome as a join's can.
   * Until `clear` names the room (or `forgetNewRoom`), events of other rooms
   * are kept, a bounded few, instead of dropped; the current room's go on.
   */
  expectNewRoom(): void {
    this.early ??= [];
  }

  forgetNewRoom(): void {
    this.early = undefined;
  }

  /** Continues from `seq` (a welcome or a snapshot): what it covers is dropped, what follows is delivered. */
  reset(seq: number): void {
    this.applied = seq;
    for (const buffered of this.buffer.keys()) if (buffered <= seq) this.buffer.delete(buffered);
    // A snapshot can move back (the room expired and was recreated): only what is held still counts as known.
    this.known = Math.max(seq, ...this.buffer.keys());
    this.drain();
  }

  /** Events up to `seq` exist (a welcome's seq after a reconnect): the ones not held yet are a gap. */
  expect(seq: number): void {
    this.known = Math.max(this.known, seq);
    this.drain();
  }

  push(event: RoomEvent): void {
    if (event.room !== this.room) {
      if (this.early !== undefined && this.early.length < EARLY_EVENTS) this.early.push(event);
      return;
    }
    if (this.applied !== undefined && event.seq <= this.applied) return;
    this.buffer.set(event.seq, event);
    this.known = Math.max(this.known, event.seq);
    this.drain();
  }

  /** Whether events between the last delivered one and the newest known are missing. */
  get hasGap(): boolean {
    return this.applied !== undefined && this.known > this.applied;
  }

  /** Arms the gap timer again if a gap is still open (after a sync that did not close it). */
  recheck(): void {
    this.drain();
  }

  dispose(): void {
    this.clear(undefined);
  }

  private drain(): void {
    if (this.applied === undefined) return;
    for (let next = this.buffer.get(this.applied + 1); next !== undefined; next = this.buffer.get(this.applied + 1)) {
      this.buffer.delete(next.seq);
      this.applied = next.seq;
      this.hooks.deliver(next);
    }
    if (!this.hasGap) this.stopTimer();
    else this.timer ??= setTimeout(() => this.onTimer(), this.gapWait.waitMs * (1 + this.gapWait.random()));
  }

  private onTimer(): void {
    this.timer = undefined;
    if (this.hasGap && this.applied !== undefined) this.hooks.gap(this.applied);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
