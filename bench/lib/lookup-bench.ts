import { QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MEMBER_PREFIX, connectionKey, memberKey, roomKey } from '../../src/adapters/dynamodb/keys';
import { DynamoMemberStore } from '../../src/adapters/dynamodb/members';
import { putAll } from './dynamo-seed';

export interface LookupOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  connections: number;
  roomSize: number;
  repeats: number;
  log: (line: string) => void;
}

export interface LookupRow {
  method: 'query' | 'scan';
  what: string;
  /** Items in the table when it ran. */
  tableItems: number;
  /** Members found. */
  found: number;
  /** Items DynamoDB read (ScannedCount), which is what it bills and what takes the time. */
  itemsRead: number;
  pages: number;
  /** Read capacity DynamoDB reported (0 when the local server does not report it). */
  capacityUnits: number;
  /** Median over the repeats. */
  ms: number;
}

const ROOM = 'lookup-room';

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] as number;

/**
 * A table of `connections` connections, `roomSize` of them in one room (with
 * their membership items, as the project writes them); then that room's
 * members, found (a) by the project's paginated Query on the room's partition
 * and (b) by a full-table Scan filtered on the connections' room, as in AWS's
 * sample chat app.
 */
export const runLookupBench = async (options: LookupOptions): Promise<LookupRow[]> => {
  const { client, tableName, connections, roomSize } = options;
  const spacing = Math.floor(connections / roomSize);
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < connections; i++) {
    const id = `lookup-c${i}`;
    const inRoom = i % spacing === 0 && i / spacing < roomSize;
    items.push({ ...connectionKey(id), connectionId: id, connectedAt: 0, room: inRoom ? ROOM : `room-${i % 1000}`, expiresAt: 0 });
    if (inRoom) items.push({ ...memberKey(ROOM, id), expiresAt: 0 });
  }
  let lastLogged = 0;
  const started = performance.now();
  await putAll(client, tableName, items, (written) => {
    if (written - lastLogged >= 20_000 || written === items.length) {
      lastLogged = written;
      options.log(`  seeding the table: ${written.toLocaleString('en')} / ${items.length.toLocaleString('en')} items (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
  });

  const members = new DynamoMemberStore(client, tableName, 3600);
  const queryRuns: number[] = [];
  let found = 0;
  for (let r = 0; r < options.repeats; r++) {
    const t = performance.now();
    found = (await members.list(ROOM)).length;
    queryRuns.push(performance.now() - t);
  }
  // The same request as `list`, once more, to read what DynamoDB says it read.
  let queryRead = 0;
  let queryPages = 0;
  let queryCapacity = 0;
  let key: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': roomKey(ROOM).pk, ':prefix': MEMBER_PREFIX },
        ProjectionExpression: 'sk',
        ConsistentRead: true,
        ReturnConsumedCapacity: 'TOTAL',
        ExclusiveStartKey: key,
      }),
    );
    queryRead += page.ScannedCount ?? 0;
    queryCapacity += page.ConsumedCapacity?.CapacityUnits ?? 0;
    queryPages++;
    key = page.LastEvaluatedKey;
  } while (key !== undefined);

  const scanRuns: number[] = [];
  let scanFound = 0;
  let scanRead = 0;
  let scanPages = 0;
  let scanCapacity = 0;
  for (let r = 0; r < options.repeats; r++) {
    options.log(`  full-table scan ${r + 1}/${options.repeats}`);
    const t = performance.now();
    scanFound = scanRead = scanPages = scanCapacity = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: tableName,
          FilterExpression: 'room = :room',
          ExpressionAttributeValues: { ':room': ROOM },
          ProjectionExpression: 'connectionId',
          ReturnConsumedCapacity: 'TOTAL',
          ExclusiveStartKey: start,
        }),
      );
      scanFound += page.Count ?? 0;
      scanRead += page.ScannedCount ?? 0;
      scanCapacity += page.ConsumedCapacity?.CapacityUnits ?? 0;
      scanPages++;
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    scanRuns.push(performance.now() - t);
  }

  return [
    { method: 'query', what: "project: Query on the room's partition", tableItems: items.length, found, itemsRead: queryRead, pages: queryPages, capacityUnits: queryCapacity, ms: median(queryRuns) },
    { method: 'scan', what: 'AWS sample: full-table Scan + filter', tableItems: items.length, found: scanFound, itemsRead: scanRead, pages: scanPages, capacityUnits: scanCapacity, ms: median(scanRuns) },
  ];
};
