import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, URL-safe: the bearer secret that lets a player take their seat back. */
export const newSeatToken = (): string => randomBytes(32).toString('base64url');

/** Only this hash is stored, so a leaked table does not leak seats. */
export const hashSeatToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('base64url');

/** Compares in constant time so response timing reveals nothing about a stored hash. */
export const seatTokenMatches = (token: string, storedHash: string): boolean => {
  const presented = createHash('sha256').update(token, 'utf8').digest();
  const stored = Buffer.from(storedHash, 'base64url');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
};

/** Public, random id for a player or spectator. */
export const newPlayerId = (): string => randomBytes(9).toString('base64url');
