import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Admission, ConnectionRecord, ConnectionStore, RateLimit, RoomMembership } from '../../ports/connections';
import { windowOf } from '../../rate-limit';
import { batchDelete } from './batch-delete';
import { connectionKey, expiresAt, isConditionFailure } from './keys';

type ConnectionItem = ConnectionRecord & { pk: string; sk: string } & Record<string, unknown>;

const FIELDS = ['connectedAt', 'room', 'playerId', 'name', 'seat', 'claim', 'identity', 'authExpiresAt', 'address', 'joinTat'] as const;

const toRecord = (item: ConnectionItem): ConnectionRecord => {
  const record: Record<string, unknown> = { connectionId: item.connectionId };
  for (const field of FIELDS) if (item[field] !== undefined) record[field] = item[field];
  return record as unknown as ConnectionRecord;
};

const MEMBERSHIP = 'room, playerId, #name, seat';

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

  private async update(connectionId: string, input: { update: string; condition: string; names?: Record<string, string>; values?: Record<string, unknown> }): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: connectionKey(connectionId),
          UpdateExpression: input.update,
          ConditionExpression: input.condition,
          ...(input.names === undefined ? {} : { ExpressionAttributeNames: input.names }),
          ...(input.values === undefined ? {} : { ExpressionAttributeValues: input.values }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async enter(connectionId: string, room: string, from: string | undefined, joinTat: number): Promise<boolean> {
    // An update creates missing items: `attribute_exists` keeps a closed connection from coming back as a zombie.
    return await this.update(connectionId, {
      update: 'SET claim = :room, joinTat = :tat',
      condition: from === undefined ? 'attribute_exists(pk) AND attribute_not_exists(claim)' : 'claim = :from',
      values: { ':room': room, ':tat': joinTat, ...(from === undefined ? {} : { ':from': from }) },
    });
  }

  async settle(connectionId: string, membership: RoomMembership): Promise<boolean> {
    return await this.update(connectionId, {
      update: 'SET room = :room, playerId = :playerId, #name = :name, seat = :seat',
      condition: 'claim = :room',
      names: { '#name': 'name' },
      values: { ':room': membership.room, ':playerId': membership.playerId, ':name': membership.name, ':seat': membership.seat },
    });
  }

  async release(connectionId: string, room: string, to: string | undefined): Promise<void> {
    await this.update(connectionId, {
      update: to === undefined ? 'REMOVE claim' : 'SET claim = :to',
      condition: 'claim = :room',
      values: { ':room': room, ...(to === undefined ? {} : { ':to': to }) },
    });
  }

  async exit(connectionId: string, room: string): Promise<boolean> {
    const names = { '#name': 'name' };
    // Usually the claim is this room too and goes in the same write; a join elsewhere may already have moved it on.
    if (await this.update(connectionId, { update: `REMOVE ${MEMBERSHIP}, claim`, condition: 'room = :room AND claim = :room', names, values: { ':room': room } })) return true;
    return await this.update(connectionId, { update: `REMOVE ${MEMBERSHIP}`, condition: 'room = :room', names, values: { ':room': room } });
  }

  async remove(connectionIds: readonly string[]): Promise<void> {
    await batchDelete(this.client, this.tableName, [...new Set(connectionIds)].map(connectionKey));
  }

  /**
   * One conditional increment of this window's counter (see `rate-limit.ts`),
   * clearing the last two windows' counters in the same write so the item does
   * not grow. The refusal path (rare: a flood) reads once to say why.
   */
  async admit(connectionId: string, limit: RateLimit, nowMs: number): Promise<Admission> {
    const window = windowOf(limit, nowMs);
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: connectionKey(connectionId),
          UpdateExpression: 'ADD #count :one REMOVE #previous, #before',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#count) OR #count < :capacity) AND (attribute_not_exists(authExpiresAt) OR authExpiresAt > :now)',
          ExpressionAttributeNames: { '#count': `m${window.id}`, '#previous': `m${window.id - 1}`, '#before': `m${window.id - 2}` },
          ExpressionAttributeValues: { ':one': 1, ':capacity': limit.capacity, ':now': nowMs },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { admitted: true, connection: toRecord(Attributes as ConnectionItem) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: connectionKey(connectionId), ConsistentRead: true }));
    if (Item === undefined) return { admitted: false, reason: 'unknown' };
    if (typeof Item.authExpiresAt === 'number' && Item.authExpiresAt <= nowMs) return { admitted: false, reason: 'expired' };
    return { admitted: false, retryAfterMs: Math.max(1, window.endsAt - nowMs) };
  }
}
