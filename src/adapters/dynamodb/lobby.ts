import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BadRequestError } from '../../errors';
import type { LobbyEntry, LobbyIndex } from '../../ports/matchmaker';
import { Limits } from '../../protocol';
import type { LobbyListing } from '../../rooms/lobby';
import { roomKey, STATE_SK } from './keys';

export const LOBBY_INDEX = 'lobby';

/** The index keys of a listed room: one partition per game and status, oldest first. */
export const lobbyKeys = (game: string, status: string, createdAt: number, room: string) => ({
  lobbyPk: `LOBBY#${game}#${status}`,
  lobbySk: `${String(createdAt).padStart(15, '0')}#${room}`,
});

const LOBBY_SK = /^\d{15}#[A-Za-z0-9_-]{1,64}$/;

/**
 * A cursor is where the last page stopped (the last room's index key), in
 * base64url. Anything that does not decode to exactly that shape, for this
 * game and status, was not issued by the server and is refused: a client
 * cannot steer the Query anywhere else.
 */
const encodeCursor = (last: Record<string, unknown>): string => Buffer.from(JSON.stringify([last.lobbySk]), 'utf8').toString('base64url');

const decodeCursor = (cursor: string, lobbyPk: string): Record<string, string> => {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const lobbySk: unknown = Array.isArray(decoded) && decoded.length === 1 ? (decoded as unknown[])[0] : undefined;
  if (typeof lobbySk !== 'string' || !LOBBY_SK.test(lobbySk)) throw new BadRequestError('cursor was not issued by the server');
  const room = lobbySk.slice(lobbySk.indexOf('#') + 1);
  if (!Limits.roomPattern.test(room)) throw new BadRequestError('cursor was not issued by the server');
  return { ...roomKey(room), sk: STATE_SK, lobbyPk, lobbySk };
};

/** The lobby: a Query of the `lobby` index (never a Scan), eventually consistent like every index read. */
export class DynamoLobby implements LobbyIndex {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async page(game: string, status: 'waiting' | 'playing', limit: number, cursor?: string): Promise<{ rooms: LobbyEntry[]; cursor?: string }> {
    const lobbyPk = `LOBBY#${game}#${status}`;
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: LOBBY_INDEX,
        KeyConditionExpression: 'lobbyPk = :pk',
        ExpressionAttributeValues: { ':pk': lobbyPk },
        Limit: limit,
        ...(cursor === undefined ? {} : { ExclusiveStartKey: decodeCursor(cursor, lobbyPk) }),
      }),
    );
    const rooms = Items.map((item): LobbyEntry => {
      const listing = JSON.parse(item.lobby as string) as LobbyListing;
      return { room: (item.pk as string).slice('ROOM#'.length), game, status: listing.status, players: listing.players, spectators: (item.spectators as number) ?? 0, clock: listing.clock };
    });
    return { rooms, ...(LastEvaluatedKey === undefined ? {} : { cursor: encodeCursor(LastEvaluatedKey) }) };
  }
}
