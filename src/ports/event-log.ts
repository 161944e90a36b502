import type { StoredEvent } from '../rooms/record';

/**
 * Each event of a room is an item of its own, written once and expiring
 * after a while: `sync` reads the recent ones; no item grows with a room's
 * history.
 */
export interface EventLog {
  /** Stores events numbered by a room write; `version` names a game write (for answering resends). */
  append(room: string, events: readonly StoredEvent[], version?: number): Promise<void>;
  /** Up to `limit` events after `since`, in seq order (what is stored; gaps are the caller's to judge). */
  after(room: string, since: number, limit: number): Promise<StoredEvent[]>;
  /** The events written by the game write that produced `version` (the original answer to a resent request). */
  written(room: string, version: number): Promise<StoredEvent[]>;
  /** One event by its seq. */
  at(room: string, seq: number): Promise<StoredEvent | undefined>;
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
