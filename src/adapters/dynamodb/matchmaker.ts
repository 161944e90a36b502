import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Matchmaker, Waiting } from '../../ports/matchmaker';
import { isConditionFailure } from './keys';

/** Rooms a game's quick play keeps track of at most: enough for any crowd arriving at once, and a small item. */
const MAX_WAITING = 100;
const PREFIX = 'w_';

const key = (game: string) => ({ pk: `MATCH#${game}`, sk: 'MATCH' });

/**
 * One item per game: each waiting room is an attribute `w_<room>` holding
 * since when it waits, and `n` counts them, so "only if none is waiting" is a
 * condition on one number and every change is one conditional write.
 */
export class DynamoMatchmaker implements Matchmaker {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async waiting(game: string): Promise<Waiting[]> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key(game), ConsistentRead: true }));
    return Object.entries(Item ?? {})
      .filter(([name]) => name.startsWith(PREFIX))
      .map(([name, since]) => ({ room: name.slice(PREFIX.length), since: since as number }))
      .sort((a, b) => a.since - b.since || a.room.localeCompare(b.room));
  }

  async enlist(game: string, entry: Waiting, onlyIfNone: boolean): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(game),
          UpdateExpression: 'SET #room = :since ADD n :one',
          ConditionExpression: `attribute_not_exists(#room) AND (attribute_not_exists(n) OR ${onlyIfNone ? 'n = :zero' : 'n < :max'})`,
          ExpressionAttributeNames: { '#room': `${PREFIX}${entry.room}` },
          ExpressionAttributeValues: { ':since': entry.since, ':one': 1, ...(onlyIfNone ? { ':zero': 0 } : { ':max': MAX_WAITING }) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async delist(game: string, room: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(game),
          UpdateExpression: 'REMOVE #room ADD n :minus',
          ConditionExpression: 'attribute_exists(#room)',
          ExpressionAttributeNames: { '#room': `${PREFIX}${room}` },
          ExpressionAttributeValues: { ':minus': -1 },
        }),
      );
    } catch (error) {
      // Already gone: someone else delisted it.
      if (!isConditionFailure(error)) throw error;
    }
  }
}
