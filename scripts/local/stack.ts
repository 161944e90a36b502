import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWeb } from '../build-web';
import { createTable, startDynamo, type Engine, type LocalDynamo } from './dynamodb';
import { assertPortFree } from './ports';
import { stopGroup } from './process-group';
import { readTableDefinition } from './table-definition';

export interface StackOptions {
  stage: string;
  websocketPort: number;
  httpPort: number;
  lambdaPort: number;
  dynamoPort: number;
  /** The local DynamoDB engine (dynalite by default; see scripts/local/dynamodb.ts). */
  engine?: Engine;
  /** Extra environment for the handlers (serverless.yml forwards the variables it names). */
  env?: Record<string, string>;
  /** Every line offline prints. */
  onOutput?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface Stack {
  websocketUrl: string;
  httpUrl: string;
  managementEndpoint: string;
  dynamo: LocalDynamo;
  tableName: string;
  stop(): Promise<void>;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVERLESS_BIN = createRequire(import.meta.url).resolve('serverless/bin/serverless.js');

const waitForReady = async (child: ChildProcess, timeoutMs: number, onOutput: (line: string) => void): Promise<void> =>
  await new Promise<void>((resolve, reject) => {
    const tail: string[] = [];
    const timer = setTimeout(() => reject(new Error(`serverless offline did not start within ${timeoutMs} ms:\n${tail.join('\n')}`)), timeoutMs);
    const onLine = (line: string) => {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      onOutput(line);
      if (line.includes('Offline [websocket] listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        lines.forEach(onLine);
      });
    }
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`serverless offline exited (${signal ?? code}) before it was ready:\n${tail.join('\n')}`));
    });
  });

/**
 * The whole local backend: the embedded DynamoDB with the table from
 * serverless.yml, and `serverless offline` serving the WebSocket API (and the
 * game page over HTTP) with every handler pointed at it.
 */
export const startStack = async (options: StackOptions): Promise<Stack> => {
  const { stage, websocketPort, httpPort, lambdaPort, dynamoPort } = options;
  await assertPortFree(websocketPort, 'websocket');
  await assertPortFree(httpPort, 'http');
  await assertPortFree(lambdaPort, 'lambda');
  await assertPortFree(dynamoPort, 'dynamodb');

  // The page function serves web/dist: build it before offline can be asked for it.
  await buildWeb();
  const dynamo = await startDynamo({ engine: options.engine ?? 'dynalite', port: dynamoPort });
  const tableName = (await readTableDefinition()).tableNameFor(stage);
  const managementEndpoint = `http://localhost:${websocketPort}`;
  let child: ChildProcess | undefined;
  try {
    await createTable(dynamo.endpoint, tableName);
    child = spawn(
      process.execPath,
      [SERVERLESS_BIN, 'offline', 'start', '--stage', stage, '--websocketPort', String(websocketPort), '--httpPort', String(httpPort), '--lambdaPort', String(lambdaPort), '--useInProcess'],
      {
        cwd: ROOT,
        // Its own process group, so stopping it stops the handlers' workers and esbuild with it.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          SLS_TELEMETRY_DISABLED: '1',
          // Its own build folder: another stack, or a `serverless package`, would otherwise rebuild or wipe
          // the bundles this one loads its handlers from.
          ESBUILD_WORK_FOLDER: join('.esbuild', `${stage}-${websocketPort}`),
          DYNAMODB_ENDPOINT: dynamo.endpoint,
          WEBSOCKET_API_ENDPOINT: managementEndpoint,
          PUBLIC_WEBSOCKET_URL: `ws://localhost:${websocketPort}`,
          ...options.env,
        },
      },
    );
    await waitForReady(child, options.startTimeoutMs ?? 90_000, options.onOutput ?? (() => {}));
  } catch (error) {
    if (child !== undefined) await stopGroup(child);
    await dynamo.close();
    throw error;
  }
  const running = child;
  return {
    websocketUrl: `ws://localhost:${websocketPort}`,
    httpUrl: `http://localhost:${httpPort}`,
    managementEndpoint,
    dynamo,
    tableName,
    stop: async () => {
      await stopGroup(running);
      await dynamo.close();
    },
  };
};
