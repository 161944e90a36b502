import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Spectator tokens carry this prefix, so a join can tell them from seat tokens without storing them. */
export const SPECTATOR_TOKEN_PREFIX = 'watch-';

/** 256 random bits, URL-safe: the bearer secret that lets a player take their seat back. */
export const newSeatToken = (): string => {
  const token = randomBytes(32).toString('base64url');
  // One draw in 2^36 would read as a spectator token: draw again rather than confuse the two.
  return token.startsWith(SPECTATOR_TOKEN_PREFIX) ? newSeatToken() : token;
};

/**
 * A spectator's token: nothing about it is stored. The spectator's public id
 * is derived from it, so presenting it again (after a reconnect) makes the
 * same spectator, whose requests keep their idempotency keys.
 */
export const newSpectatorToken = (): string => `${SPECTATOR_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;

export const isSpectatorToken = (token: string): boolean => token.startsWith(SPECTATOR_TOKEN_PREFIX);

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Only this hash is stored, so a leaked table does not leak seats. 128 bits
 * of SHA-256 (a preimage is as far out of reach as with 256) keep the room's
 * item small: every write of it is billed by its size.
 */
export const hashSeatToken = (token: string): string => digest(token).subarray(0, 16).toString('base64url');

/** Compares in constant time so response timing reveals nothing about a stored hash. */
export const seatTokenMatches = (token: string, storedHash: string): boolean => {
  const presented = digest(token).subarray(0, 16);
  const stored = Buffer.from(storedHash, 'base64url');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
};

/** Public, random id for a player. */
export const newPlayerId = (): string => randomBytes(9).toString('base64url');

/** The public id of the spectator holding `token`: 72 bits of its hash, which reveal nothing of it. */
export const spectatorIdOf = (token: string): string => digest(`spectator:${token}`).subarray(0, 9).toString('base64url');

/**
 * The public id of an authenticated player: a keyed hash of the verified
 * subject, so an email address or user id in `sub` never reaches other
 * players, and nobody without the key can test guesses against it.
 */
export const playerIdOfIdentity = (identity: string, key: string): string =>
  createHmac('sha256', key).update(`player:${identity}`, 'utf8').digest().subarray(0, 9).toString('base64url');

/** A room code the server chooses: 10 characters of [A-Za-z0-9_-], easy to share in a link, 60 bits against guessing. */
export const newRoomId = (): string => randomBytes(8).toString('base64url').slice(0, 10);
