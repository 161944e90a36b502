import { DeleteCommand, PutCommand, paginateQuery, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MemberStore } from '../../ports/members';
import { batchDelete } from './batch-delete';
import { MEMBER_PREFIX, expiresAt, memberKey, roomKey } from './keys';

export class DynamoMemberStore implements MemberStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly ttlSeconds: number,
    private readonly clock: () => number = Date.now,
    /** Items per Query page; DynamoDB's own 1 MB page limit applies when unset. Tests set it to force many pages. */
    private readonly pageSize?: number,
  ) {}

  async add(room: string, connectionId: string): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...memberKey(room, connectionId), expiresAt: expiresAt(this.clock(), this.ttlSeconds) } }),
    );
  }

  async remove(room: string, connectionId: string): Promise<boolean> {
    const { Attributes } = await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: memberKey(room, connectionId), ReturnValues: 'ALL_OLD' }),
    );
    return Attributes !== undefined;
  }

  async removeMany(room: string, connectionIds: readonly string[]): Promise<void> {
    await batchDelete(this.client, this.tableName, [...new Set(connectionIds)].map((id) => memberKey(room, id)));
  }

  /**
   * Follows `LastEvaluatedKey` to the end: a single Query (or the AWS sample's
   * Scan) stops at 1 MB and would silently leave the rest of a big room out.
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
