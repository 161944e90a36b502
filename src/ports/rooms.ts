import type { RoomRecord } from '../rooms/record';
import type { RoomMember } from './members';

/** The counters of a room after a write: what the write allocated and what it left. */
export interface RoomCounters {
  /** Seq of the last event; a write that numbered n events took seq - n + 1 ... seq. */
  seq: number;
  version: number;
  epoch: number;
  members: number;
  spectators: number;
}

export interface GameWrite {
  /** Events to number (seq moves by this many). */
  events: number;
  /** Members this write adds or removes (moves `epoch` too). */
  members?: { delta: number; spectators: number };
  /** Refuse (as a lost race) to grow the room past this many members. */
  maxMembers?: number;
  /** The room as read before this write: lets the store leave unchanged what need not be rewritten (the lobby's index entry). */
  previous?: RoomRecord;
}

export interface RoomStore {
  /** The room as it is now (a strongly consistent read). */
  get(room: string): Promise<RoomRecord | undefined>;
  /** The room and its members in one read: what a game write needs to know who hears its events. */
  getWithMembers(room: string): Promise<{ record: RoomRecord | undefined; members: RoomMember[] }>;
  /**
   * Writes the game if nobody wrote it since `expectedVersion` (undefined:
   * the room must not exist yet), numbering `events` events in the same
   * write. Resolves to the counters after it, or undefined when another
   * write came first (or the room is full); nothing is written then.
   */
  write(record: RoomRecord, expectedVersion: number | undefined, options: GameWrite): Promise<RoomCounters | undefined>;
  /**
   * Numbers `count` events that change nothing else (a chat line): an atomic
   * increment, so it never races a move. Resolves to the room after it (its
   * counters tell the seq taken), or undefined when the room is gone.
   */
  allocate(room: string, count: number): Promise<RoomRecord | undefined>;
  /**
   * Spectators come (delta > 0) or go (delta < 0): moves the counts and
   * `epoch` only. Resolves to the whole room after it, `missing` when there is
   * no room, `full` when growing it would pass `maxMembers`.
   */
  watch(room: string, delta: number, maxMembers: number): Promise<RoomRecord | 'missing' | 'full'>;
}
