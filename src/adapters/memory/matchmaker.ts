import { BadRequestError } from '../../errors';
import type { LobbyEntry, LobbyIndex, Matchmaker, Waiting } from '../../ports/matchmaker';
import { lobbyListing } from '../../rooms/lobby';
import type { MemoryRoomStore } from './rooms';

export class MemoryMatchmaker implements Matchmaker {
  private readonly games = new Map<string, Map<string, number>>();

  waiting(game: string): Promise<Waiting[]> {
    const entries = [...(this.games.get(game)?.entries() ?? [])].map(([room, since]) => ({ room, since }));
    return Promise.resolve(entries.sort((a, b) => a.since - b.since || a.room.localeCompare(b.room)));
  }

  enlist(game: string, entry: Waiting, onlyIfNone: boolean): Promise<boolean> {
    const rooms = this.games.get(game) ?? new Map<string, number>();
    if (rooms.has(entry.room) || (onlyIfNone && rooms.size > 0)) return Promise.resolve(false);
    rooms.set(entry.room, entry.since);
    this.games.set(game, rooms);
    return Promise.resolve(true);
  }

  delist(game: string, room: string): Promise<void> {
    this.games.get(game)?.delete(room);
    return Promise.resolve();
  }
}

/** The lobby over the in-memory rooms: same listing rule, same order, same cursor contract. */
export class MemoryLobby implements LobbyIndex {
  constructor(private readonly rooms: MemoryRoomStore) {}

  page(game: string, status: 'waiting' | 'playing', limit: number, cursor?: string): Promise<{ rooms: LobbyEntry[]; cursor?: string }> {
    const listed = this.rooms
      .all()
      .flatMap((record) => {
        const listing = lobbyListing(record);
        return record.game === game && listing?.status === status ? [{ record, listing }] : [];
      })
      .sort((a, b) => a.record.createdAt - b.record.createdAt || a.record.room.localeCompare(b.record.room));
    let start = 0;
    if (cursor !== undefined) {
      const index = listed.findIndex(({ record }) => record.room === Buffer.from(cursor, 'base64url').toString('utf8'));
      if (index === -1) return Promise.reject(new BadRequestError('cursor was not issued by the server'));
      start = index + 1;
    }
    const page = listed.slice(start, start + limit);
    const last = page.at(-1);
    return Promise.resolve({
      rooms: page.map(({ record, listing }) => ({ room: record.room, game, status: listing.status, players: listing.players, spectators: record.spectators, clock: listing.clock })),
      ...(start + limit < listed.length && last !== undefined ? { cursor: Buffer.from(last.record.room, 'utf8').toString('base64url') } : {}),
    });
  }
}
