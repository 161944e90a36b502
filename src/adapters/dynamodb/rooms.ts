import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RoomStore } from '../../ports/rooms';
import type { RoomRecord } from '../../rooms/record';
import { expiresAt, roomKey } from './keys';

/**
 * A room is one item: `seq` as a top-level number for the condition, the rest
 * as one JSON string (smaller than nested DynamoDB maps, and read whole anyway).
 */
export class DynamoRoomStore implements RoomStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly ttlSeconds: number,
  ) {}

  async get(room: string): Promise<RoomRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: roomKey(room), ConsistentRead: true }));
    return Item === undefined ? undefined : (JSON.parse(Item.data as string) as RoomRecord);
  }

  async put(record: RoomRecord, expectedSeq: number | undefined): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...roomKey(record.room), seq: record.seq, data: JSON.stringify(record), expiresAt: expiresAt(record.updatedAt, this.ttlSeconds) },
          ...(expectedSeq === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'seq = :expected', ExpressionAttributeValues: { ':expected': expectedSeq } }),
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
