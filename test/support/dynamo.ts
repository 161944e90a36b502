import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../src/adapters/dynamodb/client';
import { DynamoAddressStore } from '../../src/adapters/dynamodb/addresses';
import { DynamoConnectionStore } from '../../src/adapters/dynamodb/connections';
import { DynamoEventLog, DynamoRequestStore } from '../../src/adapters/dynamodb/event-log';
import { DynamoLobby } from '../../src/adapters/dynamodb/lobby';
import { DynamoMatchmaker } from '../../src/adapters/dynamodb/matchmaker';
import { DynamoMemberStore } from '../../src/adapters/dynamodb/members';
import { DynamoRoomStore } from '../../src/adapters/dynamodb/rooms';
import { createTable, startDynamo, type LocalDynamo } from '../../scripts/local/dynamodb';

export interface TestDynamo {
  dynamo: LocalDynamo;
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

let tables = 0;

/** The embedded DynamoDB on a free port, with a fresh table built from serverless.yml, and the real adapters over it. */
export const startTestDynamo = async (options: { memberPageSize?: number; tableName?: string } = {}): Promise<TestDynamo> => {
  const dynamo = await startDynamo(0);
  const tableName = options.tableName ?? `arena-test-${process.pid}-${++tables}`;
  await createTable(dynamo.endpoint, tableName);
  const client = createDocumentClient({ region: 'us-east-1', dynamodbEndpoint: dynamo.endpoint, localCredentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  return {
    dynamo,
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
      await dynamo.close();
    },
  };
};
