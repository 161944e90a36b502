import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { settleAll } from '../../settle-all';

const BATCH_LIMIT = 25; // DynamoDB's maximum per BatchWriteItem
const MAX_ROUNDS = 8;

type Key = Record<string, string>;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Deletes every key, 25 per request, all requests in parallel, retrying the
 * items DynamoDB hands back as unprocessed (throttling) with backoff. Throws if
 * some are still unprocessed after the last round, so a caller never believes
 * a prune happened when it did not.
 */
export const batchDelete = async (client: DynamoDBDocumentClient, tableName: string, keys: readonly Key[]): Promise<void> => {
  let pending: Key[] = [...keys];
  for (let round = 0; pending.length > 0; round++) {
    if (round === MAX_ROUNDS) throw new Error(`batch delete left ${pending.length} items unprocessed after ${MAX_ROUNDS} rounds`);
    if (round > 0) await pause(Math.min(1000, 25 * 2 ** round) * Math.random());
    const chunks: Key[][] = [];
    for (let i = 0; i < pending.length; i += BATCH_LIMIT) chunks.push(pending.slice(i, i + BATCH_LIMIT));
    const results = await settleAll(
      chunks.map(async (chunk) => await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: chunk.map((Key) => ({ DeleteRequest: { Key } })) } }))),
    );
    pending = [];
    for (const result of results) {
      for (const request of result.UnprocessedItems?.[tableName] ?? []) {
        if (request.DeleteRequest?.Key !== undefined) pending.push(request.DeleteRequest.Key as Key);
      }
    }
  }
};
