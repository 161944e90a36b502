import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;
type Key = Record<string, string>;

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** Runs `work` over `batches` with `parallel` requests in flight, reporting progress now and then. */
const inParallel = async <T>(batches: readonly T[], parallel: number, work: (batch: T) => Promise<void>, onProgress?: (done: number) => void): Promise<void> => {
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, batches.length) }, async () => {
      while (next < batches.length) {
        await work(batches[next++] as T);
        done++;
        onProgress?.(done);
      }
    }),
  );
};

/** Writes `items`, 25 per BatchWriteItem, retrying what comes back unprocessed. */
export const putAll = async (client: DynamoDBDocumentClient, tableName: string, items: readonly Item[], onProgress?: (written: number) => void): Promise<void> => {
  const batches = chunks(items, 25);
  await inParallel(
    batches,
    8,
    async (batch) => {
      let pending = batch.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    },
    onProgress === undefined ? undefined : (done) => onProgress(Math.min(items.length, done * 25)),
  );
};

/** How many of `keys` still exist. */
export const countExisting = async (client: DynamoDBDocumentClient, tableName: string, keys: readonly Key[]): Promise<number> => {
  let found = 0;
  await inParallel(chunks(keys, 100), 4, async (batch) => {
    let pending: Key[] = batch;
    while (pending.length > 0) {
      const { Responses, UnprocessedKeys } = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ProjectionExpression: 'pk' } } }));
      found += Responses?.[tableName]?.length ?? 0;
      pending = (UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
    }
  });
  return found;
};
