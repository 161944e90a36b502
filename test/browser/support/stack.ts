import { freePort } from '../../../scripts/local/ports';
import { startStack, type Stack } from '../../../scripts/local/stack';

/**
 * The local stack for a browser test file, started in its `beforeAll` rather
 * than in a global setup. Global setups all run before any test, and
 * `serverless package` (the deploy-template integration test) removes the
 * `.esbuild` folder that serverless offline loads handlers from, lazily, on
 * their first call; a stack started when its tests start has a fresh build.
 */
export const startBrowserStack = async (env: Record<string, string> = {}): Promise<Stack> =>
  await startStack({
    stage: 'browser',
    websocketPort: await freePort(),
    httpPort: await freePort(),
    lambdaPort: await freePort(),
    dynamoPort: await freePort(),
    env: { LOG_LEVEL: 'WARN', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
  });
