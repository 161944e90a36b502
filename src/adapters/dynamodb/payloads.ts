import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PayloadStore } from '../../ports/fanout';
import { expiresAt } from './keys';

/** A fan-out payload too big to travel in its queue messages, kept for a day (longer than any retry). */
export class DynamoPayloadStore implements PayloadStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: () => number = Date.now,
  ) {}

  async put(payload: unknown): Promise<string> {
    const pointer = randomUUID();
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: `PAYLOAD#${pointer}`, sk: 'PAYLOAD', data: JSON.stringify(payload), expiresAt: expiresAt(this.clock(), 24 * 3600) } }),
    );
    return pointer;
  }

  async get(pointer: string): Promise<unknown> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: `PAYLOAD#${pointer}`, sk: 'PAYLOAD' }, ConsistentRead: true }));
    if (Item === undefined) throw new Error(`fan-out payload ${pointer} not found (expired?)`);
    return JSON.parse(Item.data as string);
  }
}
