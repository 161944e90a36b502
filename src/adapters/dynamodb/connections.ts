import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Admission, ConnectionRecord, ConnectionStore, RateLimit, RoomMembership } from '../../ports/connections';
import { batchDelete } from './batch-delete';
import { connectionKey, expiresAt } from './keys';

interface ConnectionItem extends ConnectionRecord {
  pk: string;
  sk: string;
  /** Token bucket: tokens left after the last charge, when that was (ms), and how many charges so far. */
  tokens?: number;
  chargedAt?: number;
  charges?: number;
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

// Two invocations charging one bucket at once: one wins, the other re-reads. More than a few rounds means a flood.
const ADMIT_ATTEMPTS = 4;

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

  async admit(connectionId: string, limit: RateLimit, nowMs: number): Promise<Admission> {
    for (let attempt = 0; attempt < ADMIT_ATTEMPTS; attempt++) {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: connectionKey(connectionId), ConsistentRead: true }));
      if (Item === undefined) return { admitted: false, unknown: true };
      const item = Item as ConnectionItem;
      const elapsed = Math.max(0, nowMs - (item.chargedAt ?? nowMs));
      const available = Math.min(limit.capacity, (item.tokens ?? limit.capacity) + (elapsed / 1000) * limit.refillPerSecond);
      if (available < 1) return { admitted: false, retryAfterMs: ((1 - available) / limit.refillPerSecond) * 1000 };
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: connectionKey(connectionId),
            UpdateExpression: 'SET tokens = :tokens, chargedAt = :now, charges = :next',
            // Optimistic: only if nobody charged the bucket since we read it (a counter, since two charges can share a millisecond).
            ConditionExpression: item.charges === undefined ? 'attribute_exists(pk) AND attribute_not_exists(charges)' : 'charges = :seen',
            ExpressionAttributeValues: {
              ':tokens': available - 1,
              ':now': nowMs,
              ':next': (item.charges ?? 0) + 1,
              ...(item.charges === undefined ? {} : { ':seen': item.charges }),
            },
          }),
        );
        return { admitted: true, connection: toRecord(item) };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    // Lost every race for the bucket: that many concurrent messages is itself the flood.
    return { admitted: false, retryAfterMs: 1000 / limit.refillPerSecond };
  }
}
