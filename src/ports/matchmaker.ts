/** A public room waiting for a player, and since when. */
export interface Waiting {
  room: string;
  since: number;
}

/**
 * Quick play's one point of agreement per game: the public rooms waiting for
 * a player. Every change is a conditional write of one item, so players
 * asking at the same moment agree on which room they fill.
 */
export interface Matchmaker {
  /** The rooms waiting, oldest first (a strongly consistent read). */
  waiting(game: string): Promise<Waiting[]>;
  /**
   * Adds a room. With `onlyIfNone`, only while no room is waiting: of players
   * who found nothing at the same moment, one opens a room and the others
   * find it. False when the condition did not hold.
   */
  enlist(game: string, entry: Waiting, onlyIfNone: boolean): Promise<boolean>;
  /** Removes a room that is no longer waiting (full, finished, gone); idempotent. */
  delist(game: string, room: string): Promise<void>;
}

/** The lobby's listing: public rooms of a game by status, oldest first, a page at a time. */
export interface LobbyIndex {
  page(game: string, status: 'waiting' | 'playing', limit: number, cursor?: string): Promise<{ rooms: LobbyEntry[]; cursor?: string }>;
}

export interface LobbyEntry {
  room: string;
  game: string;
  status: 'waiting' | 'playing';
  players: string[];
  spectators: number;
  clock: { turnSeconds: number } | null;
}
