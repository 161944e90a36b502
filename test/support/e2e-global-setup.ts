import type { TestProject } from 'vitest/node';
import { freePort } from '../../scripts/local/ports';
import { startStack } from '../../scripts/local/stack';

declare module 'vitest' {
  export interface ProvidedContext {
    websocketUrl: string;
    httpUrl: string;
    dynamoEndpoint: string;
    tableName: string;
  }
}

/** One real local stack (embedded DynamoDB + serverless offline) on free ports for every e2e file. */
export default async function setup(project: TestProject) {
  const started = performance.now();
  const stack = await startStack({
    stage: 'e2e',
    websocketPort: await freePort(),
    httpPort: await freePort(),
    lambdaPort: await freePort(),
    dynamoPort: await freePort(),
    // A real per-connection limit (above what any test player sends) so the abuse test meets it. Every test
    // client comes from 127.0.0.1, so the per-address cap is raised for the crowds some tests open.
    env: {
      LOG_LEVEL: 'WARN',
      RATE_LIMIT_BURST: '60',
      RATE_LIMIT_PER_SECOND: '20',
      MAX_CONNECTIONS_PER_ADDRESS: '2000',
      JOINS_PER_MINUTE: '60',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  console.log(`e2e stack up in ${Math.round(performance.now() - started)} ms: ${stack.websocketUrl}`);
  project.provide('websocketUrl', stack.websocketUrl);
  project.provide('httpUrl', stack.httpUrl);
  project.provide('dynamoEndpoint', stack.dynamo.endpoint);
  project.provide('tableName', stack.tableName);
  return async () => await stack.stop();
}
