import { defineConfig } from 'vitest/config';

/**
 * Four kinds of test, one `vitest run`:
 * - unit: one module, in memory or with aws-sdk-client-mock;
 * - integration: the real DynamoDB adapters against the embedded DynamoDB (dynalite), and the Lambda-freeze harness;
 * - integration-ddblocal: the same on AWS's DynamoDB Local (Java), plus what only that engine can show (capacity, TTL);
 * - e2e: real `ws` clients against `serverless offline` and the embedded DynamoDB;
 * - lint: the lint rules themselves catch the un-awaited broadcast;
 * - browser: the game page in Debian's Chromium (playwright-core) against its own local stack.
 */
const env = {
  // Handlers imported by tests read their configuration like on Lambda; tests point it at local servers.
  TABLE_NAME: 'arena-test',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  // Production wiring under test would print EMF lines on stdout; the telemetry test turns them back on.
  POWERTOOLS_METRICS_DISABLED: 'true',
  // The SDK warns once per process that its 2027 releases will need Node 22; Lambda runs 22, tests may run on 20.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export default defineConfig({
  test: {
    env,
    setupFiles: ['test/support/setup.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'lint', include: ['test/lint/**/*.test.ts'], testTimeout: 120_000 } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: ['test/integration/dynamodb-local/**'],
          env: { ARENA_DYNAMO_ENGINE: 'dynalite' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The same suite on AWS's own engine (docs/performance.md, "Two engines"): one DynamoDB Local for the
        // project, a fresh table per file. Left out: files that touch no DynamoDB (the deployment template,
        // the HTTP-only broadcast tests, the bundle sizes) and the bench smoke test, which starts the engines it
        // needs itself.
        extends: true,
        test: {
          name: 'integration-ddblocal',
          include: ['test/integration/**/*.test.ts'],
          // Item sizes are the engine's least concern (10,000 events take a minute on either): dynalite alone runs that one.
          exclude: ['test/integration/deploy-template.test.ts', 'test/integration/broadcast-http.test.ts', 'test/integration/broadcast-http-lean.test.ts', 'test/integration/bench-smoke.test.ts', 'test/integration/storage-size.test.ts', 'test/integration/bundle-size.test.ts'],
          env: { ARENA_DYNAMO_ENGINE: 'dynamodb-local' },
          globalSetup: ['test/support/dynamodb-local-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/e2e-global-setup.ts'],
          // Every message an e2e player receives is checked against the outbound schemas (docs/protocol.md, "Conformance").
          setupFiles: ['test/support/e2e-conformance.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One shared offline stack; files run one after another so timings stay sane on 2 cores.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          // Each file starts its own stack (test/browser/support/stack.ts says why not a global setup).
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // After the other projects: Chromium beside another stack and the unit tests would crowd 2 cores.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
