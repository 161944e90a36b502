import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EventLog, RequestStore } from '../../ports/event-log';
import type { StoredEvent } from '../../rooms/record';
import { Limits } from '../../protocol';
import { settleAll } from '../../settle-all';
import { eventKey, eventSk, expiresAt, isConditionFailure, requestKey, roomKey } from './keys';
import { pack, unpack } from './packed-json';

const BATCH_LIMIT = 25;

interface EventItem {
  pk: string;
  sk: string;
  /** The event, deflated JSON (see `packed-json.ts`). */
  z: Uint8Array;
}

const eventOf = (item: Record<string, unknown>): StoredEvent => unpack<StoredEvent>((item as unknown as EventItem).z);

/**
 * Chat lines as items of their own under the room's key, `EVENT#<seq>`, each
 * written once and expiring with `ttlSeconds`: one write of a few hundred
 * bytes per line, and no item grows with the room's history.
 */
export class DynamoEventLog implements EventLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly ttlSeconds: number,
  ) {}

  async append(room: string, events: readonly StoredEvent[]): Promise<void> {
    const items = events.map((event) => ({
      ...eventKey(room, event.seq),
      z: pack(event),
      expiresAt: expiresAt(event.at, this.ttlSeconds),
    }));
    if (items.length === 1) {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: items[0] }));
      return;
    }
    const chunks: (typeof items)[] = [];
    for (let i = 0; i < items.length; i += BATCH_LIMIT) chunks.push(items.slice(i, i + BATCH_LIMIT));
    await settleAll(
      chunks.map(async (chunk) => {
        const { UnprocessedItems } = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: chunk.map((Item) => ({ PutRequest: { Item } })) } }));
        const left = UnprocessedItems?.[this.tableName] ?? [];
        // Throttled items are few and rare: put them one by one, so every event lands or the caller hears why.
        await settleAll(left.map(async (request) => await this.client.send(new PutCommand({ TableName: this.tableName, Item: request.PutRequest?.Item }))));
      }),
    );
  }

  /** Eventually consistent: half the price, and a reader that misses the newest event sees a gap and asks again. */
  async after(room: string, since: number, limit: number): Promise<StoredEvent[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': roomKey(room).pk, ':from': eventSk(since + 1), ':to': eventSk(10 ** 12 - 1) },
        Limit: limit,
      }),
    );
    return Items.map(eventOf);
  }
}

/** Idempotency keys of chat lines: `IDEM#<player>#<id>` under the room, expiring after the idempotency window. */
export class DynamoRequestStore implements RequestStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async find(room: string, playerId: string, id: string, nowMs: number): Promise<{ hash: string; seq: number } | undefined> {
    // Eventually consistent is enough: a concurrent duplicate that slips past this is caught by `claim`'s condition.
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: requestKey(room, playerId, id) }));
    if (Item === undefined || (Item.expiresAt as number) * 1000 < nowMs) return undefined;
    return { hash: Item.hash as string, seq: Item.seq as number };
  }

  async claim(room: string, playerId: string, id: string, entry: { hash: string; seq: number }, nowMs: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...requestKey(room, playerId, id), hash: entry.hash, seq: entry.seq, expiresAt: expiresAt(nowMs, Limits.idempotencyMs / 1000) },
          // An expired key (TTL deletes within a day or two) may be claimed again.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': Math.floor(nowMs / 1000) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
