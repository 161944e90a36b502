import type { StoredEvent } from '../rooms/record';

/**
 * Chat lines, each an item of its own, written once and expiring after a
 * while: `sync` reads the recent ones. (A game's events live in the room's own
 * item, written with the state they describe.) No item grows with a room's
 * history.
 */
export interface EventLog {
  append(room: string, events: readonly StoredEvent[]): Promise<void>;
  /** Up to `limit` events after `since`, in seq order (what is stored; gaps are the caller's to judge). */
  after(room: string, since: number, limit: number): Promise<StoredEvent[]>;
}

/**
 * Idempotency keys of requests that change no game (a chat line): one small
 * expiring item per (room, player, request id), claimed with a conditional
 * write, holding the seq its event got.
 */
export interface RequestStore {
  find(room: string, playerId: string, id: string, nowMs: number): Promise<{ hash: string; seq: number } | undefined>;
  /** False when the key was already claimed (a concurrent duplicate). */
  claim(room: string, playerId: string, id: string, entry: { hash: string; seq: number }, nowMs: number): Promise<boolean>;
}
