import type { KeyValueStorage } from './storage';

/** The part of the Web Locks API (`navigator.locks`) the store uses. */
export interface LockManagerLike {
  request(name: string, options: { ifAvailable: boolean }, callback: (lock: object | null) => Promise<void>): Promise<void>;
}

/** A seat this browser took: the token that takes it back, and whose seat it is. */
export interface SavedSeat {
  playerId: string;
  token: string;
}

interface Held {
  release: () => void;
  done: Promise<void>;
}

// A room has two seats; a few more entries cover seats of earlier games in the same room.
const MAX_SEATS_PER_ROOM = 4;

/**
 * Seat tokens kept across page loads, so that a reload (or a reopened tab)
 * takes its seat back. Two windows of one browser share `localStorage`: with
 * Web Locks, each page holds a lock on the seats it plays, and `claim` only
 * hands out a seat no live page holds. Without the lock the second window
 * would silently take the first one's seat. Where Web Locks are missing
 * (Node), every saved seat is claimable.
 */
export class SeatStore {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly locks: LockManagerLike | undefined,
    private readonly prefix = 'serverless-arena:seats:',
  ) {}

  /** A saved seat of `room` that no other live page plays, now held by this one. */
  async claim(room: string): Promise<SavedSeat | undefined> {
    for (const seat of this.read(room)) {
      if (await this.hold(room, seat.playerId)) return seat;
    }
    return undefined;
  }

  /** Remembers a seat (every reclaim issues a new token) and holds it. */
  async save(room: string, seat: SavedSeat): Promise<void> {
    this.write(room, [seat, ...this.read(room).filter((saved) => saved.playerId !== seat.playerId)]);
    await this.hold(room, seat.playerId);
  }

  /** Forgets a seat that was given up, or whose token the server refused. */
  async forget(room: string, playerId: string): Promise<void> {
    this.write(room, this.read(room).filter((saved) => saved.playerId !== playerId));
    await this.release(this.lockName(room, playerId));
  }

  /** Lets other pages claim a seat this page no longer plays, keeping its token (another connection took the seat back). */
  async letGo(room: string, playerId: string): Promise<void> {
    await this.release(this.lockName(room, playerId));
  }

  /** Lets other pages claim this page's seats (the client is closing). */
  async releaseAll(): Promise<void> {
    await Promise.all([...this.held.keys()].map((name) => this.release(name)));
  }

  private read(room: string): SavedSeat[] {
    try {
      const parsed: unknown = JSON.parse(this.storage.getItem(this.prefix + room) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter(isSavedSeat) : [];
    } catch {
      return [];
    }
  }

  private write(room: string, seats: SavedSeat[]): void {
    try {
      if (seats.length === 0) this.storage.removeItem(this.prefix + room);
      else this.storage.setItem(this.prefix + room, JSON.stringify(seats.slice(0, MAX_SEATS_PER_ROOM)));
    } catch {
      // Storage full or blocked: the seat still works for this page's lifetime.
    }
  }

  private lockName(room: string, playerId: string): string {
    return `${this.prefix}${room}:${playerId}`;
  }

  /** True when this page holds (or now took) the lock on the seat. */
  private async hold(room: string, playerId: string): Promise<boolean> {
    const name = this.lockName(room, playerId);
    if (this.locks === undefined || this.held.has(name)) return true;
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let granted: (value: boolean) => void = () => {};
    const grant = new Promise<boolean>((resolve) => (granted = resolve));
    // The lock is held for as long as the callback's promise is pending: until `release`.
    const done = this.locks.request(name, { ifAvailable: true }, async (lock) => {
      granted(lock !== null);
      if (lock !== null) await released;
    });
    let acquired: boolean;
    try {
      acquired = await Promise.race([grant, done.then(() => false)]);
    } catch {
      // The Locks API failed: better to reclaim than to lose the seat on every reload.
      return true;
    }
    if (acquired) this.held.set(name, { release, done });
    else await done;
    return acquired;
  }

  private async release(name: string): Promise<void> {
    const held = this.held.get(name);
    if (held === undefined) return;
    this.held.delete(name);
    held.release();
    await held.done;
  }
}

const isSavedSeat = (value: unknown): value is SavedSeat =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as SavedSeat).playerId === 'string' &&
  typeof (value as SavedSeat).token === 'string';
