import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../../config';

let shared: DynamoDBDocumentClient | undefined;

/** One client per container: created on first use, reused by every invocation after. */
export const documentClient = (config: Pick<Config, 'region' | 'dynamodbEndpoint' | 'localCredentials'>): DynamoDBDocumentClient =>
  (shared ??= createDocumentClient(config));

export const createDocumentClient = (config: Pick<Config, 'region' | 'dynamodbEndpoint' | 'localCredentials'>): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: config.region,
      ...(config.dynamodbEndpoint === undefined ? {} : { endpoint: config.dynamodbEndpoint }),
      ...(config.localCredentials === undefined ? {} : { credentials: config.localCredentials }),
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
