import type { TestProject } from 'vitest/node';
import { startDynamo } from '../../scripts/local/dynamodb';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The project's one DynamoDB Local server; each startTestDynamo() makes its own table on it. */
    dynamoDbLocalEndpoint: string;
  }
}

/**
 * One DynamoDB Local (a JVM, ~2-3 s to start and a few hundred MB) for the whole integration-ddblocal
 * project rather than one per test file: files share it through fresh tables, which DynamoDB Local keeps
 * apart like any two tables.
 */
export default async function setup(project: TestProject) {
  const started = performance.now();
  const dynamo = await startDynamo({ engine: 'dynamodb-local' });
  console.log(`DynamoDB Local up in ${Math.round(performance.now() - started)} ms: ${dynamo.endpoint}`);
  project.provide('dynamoDbLocalEndpoint', dynamo.endpoint);
  return async () => await dynamo.close();
}
