import type { Clock } from '../protocol';
import type { RoomRecord } from './record';

/** What the lobby shows of a room (public by construction: names, counts, the clock; never the game's state). */
export interface LobbyListing {
  status: 'waiting' | 'playing';
  players: string[];
  clock: Clock | null;
}

/**
 * Whether and how a room appears in the lobby: only public rooms waiting for
 * a player or being played, and only while someone holds a seat; finished
 * and empty rooms drop out.
 */
export const lobbyListing = (record: RoomRecord): LobbyListing | undefined => {
  if (record.visibility !== 'public') return undefined;
  if (record.status !== 'waiting' && record.status !== 'playing') return undefined;
  const players = record.seats.flatMap((holder) => (holder === null ? [] : [holder.name]));
  if (players.length === 0) return undefined;
  return { status: record.status, players, clock: record.clock };
};
