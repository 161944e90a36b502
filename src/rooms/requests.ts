import { createHash } from 'node:crypto';
import { IdReusedError } from '../errors';
import { Limits } from '../protocol';
import type { AppliedRequest, RoomRecord } from './record';

/**
 * Exactly-once for requests that change a room's game (move, rematch): the
 * room's own record remembers the last few applied per player,
 * in the same conditional write that applies them, so a resend (after a
 * socket died, from a second tab) is answered and never applied twice, at no
 * extra DynamoDB call. A player's in-flight requests of this kind are few (a
 * turn-based game takes one move at a time), so two per player, bounded by the
 * idempotency window, keep the item small (every write of it is billed by its
 * size, and what it does not spend here it spends on events for `sync`).
 */
export const APPLIED_PER_PLAYER = 2;

/** JSON with sorted keys, so the same request hashes the same whatever its key order. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

/** 48 bits of SHA-256 of the request without its `id`: tells a resend from a different request reusing the id (of the same player, within minutes). */
export const requestHash = (request: object): string => {
  const { id: _id, ...body } = request as Record<string, unknown>;
  return createHash('sha256').update(canonical(body), 'utf8').digest().subarray(0, 6).toString('base64url');
};

/**
 * The earlier application of this request, if any, within the window.
 * Throws `ID_REUSED` when the id was used for a different request.
 */
export const findApplied = (record: RoomRecord, playerId: string, id: string, hash: string, now: number): AppliedRequest | undefined => {
  const found = record.applied.find((entry) => entry.playerId === playerId && entry.id === id && now - entry.at < Limits.idempotencyMs);
  if (found !== undefined && found.hash !== hash) throw new IdReusedError(id);
  return found;
};

/** Remembers an applied request, dropping what is out of the window and all but the newest few per player. */
export const rememberApplied = (record: RoomRecord, entry: AppliedRequest): RoomRecord => {
  const kept = [entry, ...record.applied.filter((old) => entry.at - old.at < Limits.idempotencyMs && !(old.playerId === entry.playerId && old.id === entry.id))];
  const perPlayer = new Map<string, number>();
  return {
    ...record,
    applied: kept.filter((old) => {
      const count = (perPlayer.get(old.playerId) ?? 0) + 1;
      perPlayer.set(old.playerId, count);
      return count <= APPLIED_PER_PLAYER;
    }),
  };
};
