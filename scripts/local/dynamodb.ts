import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { readTableDefinition } from './table-definition';

export interface LocalDynamo {
  endpoint: string;
  port: number;
  /** The HTTP server, for tests that watch its requests. */
  server: Server;
  close(): Promise<void>;
}

/**
 * Starts dynalite, a DynamoDB-compatible server in pure JavaScript, in memory,
 * in this process. Port 0 picks a free port.
 */
export const startDynamo = async (port = 0, host = '127.0.0.1'): Promise<LocalDynamo> => {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://${host}:${actual}`,
    port: actual,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

export const localClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/**
 * Creates `tableName` with the schema of serverless.yml's table resource.
 * TTL is not applied: dynalite has no UpdateTimeToLive, and nothing here
 * relies on expiry (it only cleans up after connections that vanished).
 */
export const createTable = async (endpoint: string, tableName: string): Promise<void> => {
  const definition = await readTableDefinition();
  const input: CreateTableCommandInput = {
    TableName: tableName,
    KeySchema: definition.KeySchema,
    AttributeDefinitions: definition.AttributeDefinitions,
    BillingMode: 'PAY_PER_REQUEST',
    ...(definition.GlobalSecondaryIndexes === undefined ? {} : { GlobalSecondaryIndexes: definition.GlobalSecondaryIndexes as CreateTableCommandInput['GlobalSecondaryIndexes'] }),
    ...(definition.LocalSecondaryIndexes === undefined ? {} : { LocalSecondaryIndexes: definition.LocalSecondaryIndexes as CreateTableCommandInput['LocalSecondaryIndexes'] }),
  };
  const client = localClient(endpoint);
  try {
    await client.send(new CreateTableCommand(input));
  } finally {
    client.destroy();
  }
};
