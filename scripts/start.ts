/**
 * `npm start`: the whole stack on this machine, no AWS account needed.
 * Ports: WEBSOCKET_PORT (3001), HTTP_PORT (3000), LAMBDA_PORT (3002), DYNAMODB_PORT (8000).
 * Engine: dynalite (default) or AWS's DynamoDB Local, with `-- --engine dynamodb-local` or DYNAMODB_ENGINE.
 */
import { parseArgs } from 'node:util';
import { parseEngine, type Engine } from './local/dynamodb';
import { JavaMissingError } from './local/dynamodb-local';
import { PortTakenError } from './local/ports';
import { startStack } from './local/stack';

const port = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) {
    console.error(`${name} must be a port number, got ${JSON.stringify(raw)}`);
    process.exit(1);
  }
  return value;
};

const { values: options } = parseArgs({ options: { verbose: { type: 'boolean', default: false }, engine: { type: 'string' } } });
const verbose = options.verbose;
let engine: Engine;
try {
  engine = options.engine === undefined ? parseEngine(process.env.DYNAMODB_ENGINE, 'DYNAMODB_ENGINE') : parseEngine(options.engine, '--engine');
} catch (error) {
  console.error(`serverless-arena: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const ENGINE_LABEL: Record<Engine, string> = {
  dynalite: 'dynalite, in this process',
  'dynamodb-local': "AWS's DynamoDB Local (Java)",
};
// The AWS SDK warns on every client it makes under Node 20 (its releases after January 2027 need Node 22),
// in this process and in every handler offline runs: one line here says it once, and it is off for the rest.
const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < 22) {
  console.log(`serverless-arena: note: Node ${process.versions.node} works; the AWS SDK's releases after January 2027 need Node 22, which Lambda runs (nodejs22.x)`);
}
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const started = performance.now();
console.log(`serverless-arena: starting DynamoDB (${ENGINE_LABEL[engine]}) and serverless offline ...`);

try {
  const stack = await startStack({
    stage: 'local',
    websocketPort: port('WEBSOCKET_PORT', 3001),
    httpPort: port('HTTP_PORT', 3000),
    lambdaPort: port('LAMBDA_PORT', 3002),
    dynamoPort: port('DYNAMODB_PORT', 8000),
    engine,
    onOutput: (line) => {
      if (verbose || /error|warn/i.test(line)) console.log(`  offline | ${line}`);
    },
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`
  ready in ${seconds} s

  WebSocket API   ${stack.websocketUrl}
  Game page       ${stack.httpUrl}
  DynamoDB        ${stack.dynamo.endpoint}  (${ENGINE_LABEL[engine]}; table ${stack.tableName}, in memory)

  Play: open ${stack.httpUrl} in two browser windows (and a third to watch),
        or run  npm run play -- --name ada  in two terminals for a game in the terminal.
  Ctrl-C stops everything. Run with --verbose to see every offline log line;
  ${engine === 'dynalite' ? 'with --engine dynamodb-local for AWS\'s own DynamoDB engine (needs Java).' : 'without --engine for the faster dynalite.'}
`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping ...`);
    // A CLI process, not a Lambda: it stays alive until process.exit below, so nothing is frozen.
    // eslint-disable-next-line no-restricted-syntax
    stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  if (error instanceof PortTakenError || error instanceof JavaMissingError) console.error(`serverless-arena: ${error.message}`);
  else console.error('serverless-arena: could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
}
