import { DeleteCommand, PutCommand, paginateQuery, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MemberStore, RoomMember } from '../../ports/members';
import { settleAll } from '../../settle-all';
import { MEMBER_PREFIX, expiresAt, memberKey, roomKey } from './keys';

/** Deletes in flight at once when pruning: enough to clear a big room's gone connections quickly, few enough not to throttle. */
const PRUNE_CONCURRENCY = 25;

export class DynamoMemberStore implements MemberStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly ttlSeconds: number,
    private readonly clock: () => number = Date.now,
    /** Items per Query page; DynamoDB's own 1 MB page limit applies when unset. Tests set it to force many pages. */
    private readonly pageSize?: number,
  ) {}

  async add(room: string, connectionId: string, watching: boolean): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...memberKey(room, connectionId), ...(watching ? { watching: true } : {}), expiresAt: expiresAt(this.clock(), this.ttlSeconds) },
      }),
    );
  }

  async remove(room: string, connectionId: string): Promise<RoomMember | undefined> {
    const { Attributes } = await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: memberKey(room, connectionId), ReturnValues: 'ALL_OLD' }),
    );
    return Attributes === undefined ? undefined : { connectionId, watching: Attributes.watching === true };
  }

  /**
   * One delete per member rather than a batch: a batch does not say which
   * items existed, and the room's spectator count must move only for those.
   */
  async removeMany(room: string, connectionIds: readonly string[]): Promise<RoomMember[]> {
    const ids = [...new Set(connectionIds)];
    const removed: RoomMember[] = [];
    for (let i = 0; i < ids.length; i += PRUNE_CONCURRENCY) {
      const results = await settleAll(ids.slice(i, i + PRUNE_CONCURRENCY).map(async (id) => await this.remove(room, id)));
      for (const member of results) if (member !== undefined) removed.push(member);
    }
    return removed;
  }

  /**
   * Follows `LastEvaluatedKey` to the end: a single Query (or the AWS sample's
   * Scan) stops at 1 MB and would silently leave the rest of a big room out.
   * Strongly consistent: it runs after the write that numbered an event, and
   * whoever joined before that write must be in it.
   */
  async list(room: string): Promise<string[]> {
    const ids: string[] = [];
    const pages = paginateQuery(
      { client: this.client, ...(this.pageSize === undefined ? {} : { pageSize: this.pageSize }) },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': roomKey(room).pk, ':prefix': MEMBER_PREFIX },
        ProjectionExpression: 'sk',
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) ids.push((item.sk as string).slice(MEMBER_PREFIX.length));
    }
    return ids;
  }
}
