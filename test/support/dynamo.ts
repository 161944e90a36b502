import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createDocumentClient } from '../../src/adapters/dynamodb/client';
import { DynamoAddressStore } from '../../src/adapters/dynamodb/addresses';
import { DynamoConnectionStore } from '../../src/adapters/dynamodb/connections';
import { DynamoEventLog, DynamoRequestStore } from '../../src/adapters/dynamodb/event-log';
import { DynamoLobby } from '../../src/adapters/dynamodb/lobby';
import { DynamoMatchmaker } from '../../src/adapters/dynamodb/matchmaker';
import { DynamoMemberStore } from '../../src/adapters/dynamodb/members';
import { DynamoRoomStore } from '../../src/adapters/dynamodb/rooms';
import { createTable, localClient, parseEngine, startDynamo, type Engine, type LocalDynamo } from '../../scripts/local/dynamodb';
import { DynamoCapacityProxy } from './dynamo-capacity-proxy';

export interface TestDynamo {
  engine: Engine;
  /** The endpoint the code under test talks to. */
  endpoint: string;
  /** The HTTP server every DynamoDB request of the test passes through (dynalite's own, or a relay in front of DynamoDB Local). */
  server: Server;
  tableName: string;
  client: DynamoDBDocumentClient;
  connections: DynamoConnectionStore;
  addresses: DynamoAddressStore;
  members: DynamoMemberStore;
  rooms: DynamoRoomStore;
  events: DynamoEventLog;
  requests: DynamoRequestStore;
  matchmaker: DynamoMatchmaker;
  lobby: DynamoLobby;
  close(): Promise<void>;
}

/** The engine of this vitest project (ARENA_DYNAMO_ENGINE, set per project in vitest.config.ts). */
export const testEngine = (): Engine => parseEngine(process.env.ARENA_DYNAMO_ENGINE, 'ARENA_DYNAMO_ENGINE');

const sharedDynamoDbLocal = (): string | undefined => {
  try {
    return inject('dynamoDbLocalEndpoint');
  } catch {
    return undefined;
  }
};

/** Where the test's table lives: dynalite of its own, or DynamoDB Local (the project's, else one of its own) behind a relay. */
const openEngine = async (engine: Engine): Promise<{ endpoint: string; server: Server; close(): Promise<void> }> => {
  if (engine === 'dynalite') {
    const dynamo = await startDynamo();
    return { endpoint: dynamo.endpoint, server: dynamo.server as Server, close: dynamo.close };
  }
  const shared = sharedDynamoDbLocal();
  const own: LocalDynamo | undefined = shared === undefined ? await startDynamo({ engine }) : undefined;
  const relay = new DynamoCapacityProxy(shared ?? (own as LocalDynamo).endpoint, { measure: false });
  const endpoint = await relay.start();
  return {
    endpoint,
    server: relay.server,
    close: async () => {
      await relay.stop();
      await own?.close();
    },
  };
};

/** A local DynamoDB of this project's engine, a fresh table built from serverless.yml, and the real adapters over it. */
export const startTestDynamo = async (options: { memberPageSize?: number; tableName?: string; engine?: Engine } = {}): Promise<TestDynamo> => {
  const engine = options.engine ?? testEngine();
  const opened = await openEngine(engine);
  // Unique across the files that share one DynamoDB Local.
  const tableName = options.tableName ?? `arena-test-${randomBytes(6).toString('hex')}`;
  await createTable(opened.endpoint, tableName);
  const client = createDocumentClient({ region: 'us-east-1', dynamodbEndpoint: opened.endpoint, localCredentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  return {
    engine,
    endpoint: opened.endpoint,
    server: opened.server,
    tableName,
    client,
    connections: new DynamoConnectionStore(client, tableName, 3600),
    addresses: new DynamoAddressStore(client, tableName, 3600),
    members: new DynamoMemberStore(client, tableName, 3600, Date.now, options.memberPageSize),
    rooms: new DynamoRoomStore(client, tableName, 3600, options.memberPageSize),
    events: new DynamoEventLog(client, tableName, 3600),
    requests: new DynamoRequestStore(client, tableName),
    matchmaker: new DynamoMatchmaker(client, tableName),
    lobby: new DynamoLobby(client, tableName),
    close: async () => {
      client.destroy();
      if (engine === 'dynamodb-local') {
        // The server outlives this file: give back the table's memory.
        const admin = localClient(opened.endpoint);
        try {
          await admin.send(new DeleteTableCommand({ TableName: tableName }));
        } finally {
          admin.destroy();
        }
      }
      await opened.close();
    },
  };
};
