import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AddressStore } from '../../ports/addresses';
import { addressKey, expiresAt, isConditionFailure } from './keys';

/**
 * One counter per client address. A `$disconnect` that never runs leaves the
 * count one too high until the item expires, a connection's lifetime after the
 * address last opened one: a cap that errs towards refusing a client that
 * reconnects a lot, never towards letting a flood through.
 */
export class DynamoAddressStore implements AddressStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly ttlSeconds: number,
  ) {}

  async open(address: string, max: number, nowMs: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: addressKey(address),
          UpdateExpression: 'ADD #open :one SET expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(#open) OR #open < :max',
          ExpressionAttributeNames: { '#open': 'open' },
          ExpressionAttributeValues: { ':one': 1, ':max': max, ':expires': expiresAt(nowMs, this.ttlSeconds) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async close(address: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: addressKey(address),
          UpdateExpression: 'ADD #open :minus',
          ConditionExpression: '#open > :zero',
          ExpressionAttributeNames: { '#open': 'open' },
          ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
        }),
      );
    } catch (error) {
      // Already at zero (or expired and gone): nothing to take back.
      if (!isConditionFailure(error)) throw error;
    }
  }
}
