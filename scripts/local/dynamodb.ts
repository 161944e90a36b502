import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { startDynamoDbLocal } from './dynamodb-local';
import { readTableDefinition, type TableDefinition } from './table-definition';

/**
 * The local DynamoDB engines:
 * - `dynalite`: pure JavaScript, in this process, starts in milliseconds; the fast default. It charges no
 *   capacity, never throttles, and has no transactions and no TTL.
 * - `dynamodb-local`: AWS's own engine (Java), in memory; slower to start, but what it accepts, refuses and
 *   bills is DynamoDB's. docs/performance.md ("Two engines") lists where the two disagree.
 */
export const ENGINES = ['dynalite', 'dynamodb-local'] as const;
export type Engine = (typeof ENGINES)[number];

export const parseEngine = (value: string | undefined, source: string): Engine => {
  if (value === undefined || value === '') return 'dynalite';
  if ((ENGINES as readonly string[]).includes(value)) return value as Engine;
  throw new Error(`${source} must be one of ${ENGINES.join(', ')}, got ${JSON.stringify(value)}`);
};

export interface LocalDynamo {
  engine: Engine;
  endpoint: string;
  port: number;
  /** dynalite's HTTP server, for tests that watch its requests (DynamoDB Local runs in another process). */
  server?: Server;
  close(): Promise<void>;
}

export interface StartDynamoOptions {
  engine?: Engine;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
}

const startDynalite = async (port: number, host: string): Promise<LocalDynamo> => {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    engine: 'dynalite',
    endpoint: `http://${host}:${actual}`,
    port: actual,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** Starts a local DynamoDB, in memory: dynalite in this process (the default), or DynamoDB Local beside it. */
export const startDynamo = async (options: StartDynamoOptions = {}): Promise<LocalDynamo> => {
  const { engine = 'dynalite', port = 0, host = '127.0.0.1' } = options;
  if (engine === 'dynalite') return await startDynalite(port, host);
  const local = await startDynamoDbLocal({ port, host });
  return { engine, endpoint: local.endpoint, port: local.port, close: async () => await local.close() };
};

export const localClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

export interface CreatedTable {
  /** `unsupported` on dynalite, which has no UpdateTimeToLive; items then never expire (nothing here relies on it). */
  ttl: 'applied' | 'unsupported' | 'none';
}

/**
 * Creates `tableName` with the schema of serverless.yml's table resource: keys, secondary indexes, and the
 * TTL specification where the engine has TTL.
 */
export const createTable = async (endpoint: string, tableName: string, definition?: TableDefinition): Promise<CreatedTable> => {
  const table = definition ?? (await readTableDefinition());
  const input: CreateTableCommandInput = {
    TableName: tableName,
    KeySchema: table.KeySchema,
    AttributeDefinitions: table.AttributeDefinitions,
    BillingMode: 'PAY_PER_REQUEST',
    ...(table.GlobalSecondaryIndexes === undefined ? {} : { GlobalSecondaryIndexes: table.GlobalSecondaryIndexes as CreateTableCommandInput['GlobalSecondaryIndexes'] }),
    ...(table.LocalSecondaryIndexes === undefined ? {} : { LocalSecondaryIndexes: table.LocalSecondaryIndexes as CreateTableCommandInput['LocalSecondaryIndexes'] }),
  };
  const client = localClient(endpoint);
  try {
    await client.send(new CreateTableCommand(input));
    const ttl = table.TimeToLiveSpecification;
    if (ttl === undefined) return { ttl: 'none' };
    try {
      await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: ttl }));
      return { ttl: 'applied' };
    } catch (error) {
      if ((error as { name?: string }).name === 'UnknownOperationException') return { ttl: 'unsupported' };
      throw error;
    }
  } finally {
    client.destroy();
  }
};
