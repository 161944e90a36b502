import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Admission, ConnectionRecord, ConnectionStore, RateLimit, RoomMembership } from '../../ports/connections';
import { gcra } from '../../rate-limit';
import { batchDelete } from './batch-delete';
import { connectionKey, expiresAt } from './keys';

interface ConnectionItem extends ConnectionRecord {
  pk: string;
  sk: string;
  /** Rate limit: GCRA's theoretical arrival time, ms. */
  tat?: number;
}

const isConditionFailure = (error: unknown): boolean => (error as { name?: string }).name === 'ConditionalCheckFailedException';

const toRecord = ({ connectionId, connectedAt, room, playerId, name, identity }: ConnectionItem): ConnectionRecord => ({
  connectionId,
  connectedAt,
  ...(room === undefined ? {} : { room }),
  ...(playerId === undefined ? {} : { playerId }),
  ...(name === undefined ? {} : { name }),
  ...(identity === undefined ? {} : { identity }),
});

export class DynamoConnectionStore implements ConnectionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly ttlSeconds: number,
  ) {}

  async add(connection: ConnectionRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...connectionKey(connection.connectionId), ...connection, expiresAt: expiresAt(connection.connectedAt, this.ttlSeconds) },
      }),
    );
  }

  async get(connectionId: string): Promise<ConnectionRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: connectionKey(connectionId), ConsistentRead: true }));
    return Item === undefined ? undefined : toRecord(Item as ConnectionItem);
  }

  async setRoom(connectionId: string, membership: RoomMembership | undefined): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: connectionKey(connectionId),
          // An update creates missing items: the condition keeps a closed connection from coming back as a zombie.
          ConditionExpression: 'attribute_exists(pk)',
          ...(membership === undefined
            ? { UpdateExpression: 'REMOVE room, playerId, #name', ExpressionAttributeNames: { '#name': 'name' } }
            : {
                UpdateExpression: 'SET room = :room, playerId = :playerId, #name = :name',
                ExpressionAttributeNames: { '#name': 'name' },
                ExpressionAttributeValues: { ':room': membership.room, ':playerId': membership.playerId, ':name': membership.name },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async remove(connectionIds: readonly string[]): Promise<void> {
    await batchDelete(this.client, this.tableName, [...new Set(connectionIds)].map(connectionKey));
  }

  /**
   * GCRA (see `rate-limit.ts`) in at most two conditional updates and no read:
   * a full bucket (TAT in the past) is reset to now + interval; otherwise TAT
   * is incremented in place while it stays admissible. Concurrent charges
   * serialise on the item instead of racing a read-modify-write.
   */
  async admit(connectionId: string, limit: RateLimit, nowMs: number): Promise<Admission> {
    const { interval, latestAdmissible } = gcra(limit);
    const key = connectionKey(connectionId);
    const attempt = async (update: Omit<UpdateCommandInput, 'TableName' | 'Key'>): Promise<ConnectionItem | undefined> => {
      try {
        const { Attributes } = await this.client.send(new UpdateCommand({ TableName: this.tableName, Key: key, ReturnValues: 'ALL_NEW', ...update }));
        return Attributes as ConnectionItem;
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    };
    const refilled = await attempt({
      UpdateExpression: 'SET tat = :next',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(tat) OR tat <= :now)',
      ExpressionAttributeValues: { ':now': nowMs, ':next': nowMs + interval },
    });
    if (refilled !== undefined) return { admitted: true, connection: toRecord(refilled) };
    const charged = await attempt({
      UpdateExpression: 'SET tat = tat + :interval',
      ConditionExpression: 'tat > :now AND tat <= :latest',
      ExpressionAttributeValues: { ':now': nowMs, ':interval': interval, ':latest': latestAdmissible(nowMs) },
    });
    if (charged !== undefined) return { admitted: true, connection: toRecord(charged) };
    // Refused: read once to tell a missing connection from an empty bucket, and for how long.
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    if (Item === undefined) return { admitted: false, unknown: true };
    const tat = (Item as ConnectionItem).tat ?? nowMs;
    return { admitted: false, retryAfterMs: Math.max(1, tat - latestAdmissible(nowMs)) };
  }
}
