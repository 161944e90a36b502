import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'yaml';
import { createDocumentClient } from '../../src/adapters/dynamodb/client';
import { createTable, startDynamo, type LocalDynamo } from '../../scripts/local/dynamodb';
import { benchFile, startChild } from './child';
import { PRICES } from './cost-prices';
import { COST_ACTIONS, type ActionCost, type CostAction, type CostChildInput, type CostChildMessage, type CostChildResult, type CrowdResult, type HotRoomResult } from './cost-shared';

/**
 * `npm run bench -- --only cost`: what a session of real play costs on AWS, per action and per 1,000
 * games, measured on DynamoDB Local through the production handlers of each storage model.
 *
 * Models: `after` is this working tree's `src`; `before` is the source of commit BEFORE_COMMIT (the
 * model before the room storage rewrite), extracted at bench time into bench/.models/ (gitignored, inside
 * the repository so that its imports resolve to this node_modules).
 */
export const BEFORE_COMMIT = 'eec3512';
export const MODELS = ['before', 'after'] as const;
export type Model = (typeof MODELS)[number];

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CostOptions {
  models: readonly Model[];
  games: number;
  hotRoomMembers: number;
  /** Members of the crowd part (2 players, then spectators one after another); 0 skips it. */
  crowdMembers?: number;
  apiLatencyMs: number;
  seed?: number;
  log: (line: string) => void;
}

export interface ActionRow extends ActionCost {
  action: CostAction;
}

export interface CostTotals {
  lambdaRequests: number;
  gbSeconds: number;
  apiMessages: number;
  readUnits: number;
  writeUnits: number;
  dynamoCalls: number;
  failedConditionalWrites: number;
  usd: { lambdaRequests: number; lambdaCompute: number; apiMessages: number; dynamoWrites: number; dynamoReads: number; total: number };
}

export interface ModelCost {
  model: Model;
  source: string;
  games: number;
  movesPerGame: number[];
  refusals: Record<string, number>;
  actions: ActionRow[];
  session: CostTotals;
  perThousandGames: { totalUsd: number; apiGatewayMessagesUsd: number; ratio: number; lambdaUsd: number; dynamoUsd: number };
  hot?: HotRoomResult;
  crowd?: CrowdResult;
}

export interface CostBench {
  prices: typeof PRICES;
  memoryMb: number;
  apiLatencyMs: number;
  models: ModelCost[];
  skipped: { model: Model; reason: string }[];
}

/** provider.memorySize of serverless.yml: what every WebSocket function is billed for. */
export const functionMemoryMb = async (): Promise<number> => {
  const doc = parse(await readFile(new URL('../../serverless.yml', import.meta.url), 'utf8'), { logLevel: 'error' }) as { provider?: { memorySize?: number } };
  return doc.provider?.memorySize ?? 1024;
};

/** Where a model's `src` is, or why it cannot be had. */
export const modelSource = async (model: Model): Promise<{ srcDir: string; source: string } | { skipped: string }> => {
  if (model === 'after') return { srcDir: `${ROOT}src`, source: 'working tree' };
  const git = (args: string[]) => spawnSync('git', ['-C', ROOT, ...args], { encoding: 'utf8' });
  if (git(['cat-file', '-e', `${BEFORE_COMMIT}^{commit}`]).status !== 0) return { skipped: `git history with commit ${BEFORE_COMMIT} is not available here` };
  const folder = `${ROOT}bench/.models/${BEFORE_COMMIT}`;
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const extract = spawnSync('sh', ['-c', `git -C "$1" archive ${BEFORE_COMMIT} src | tar -x -C "$2"`, 'extract', ROOT, folder], { encoding: 'utf8' });
  if (extract.status !== 0 || !existsSync(`${folder}/src/handlers`)) return { skipped: `could not extract ${BEFORE_COMMIT}'s src: ${extract.stderr.trim()}` };
  return { srcDir: `${folder}/src`, source: `commit ${BEFORE_COMMIT}` };
};

const totals = (rows: ActionRow[], memoryMb: number): CostTotals => {
  const sum = (pick: (row: ActionRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const lambdaRequests = sum((row) => row.invocations);
  const gbSeconds = (sum((row) => row.billedMs) / 1000) * (memoryMb / 1024);
  const apiMessages = sum((row) => row.inboundMessages + row.postMessages);
  const readUnits = sum((row) => row.readUnits);
  const writeUnits = sum((row) => row.writeUnits);
  const usd = {
    lambdaRequests: (lambdaRequests / 1e6) * PRICES.lambda.perMillionRequests,
    lambdaCompute: gbSeconds * PRICES.lambda.perGbSecond,
    apiMessages: (apiMessages / 1e6) * PRICES.apiGateway.perMillionMessages,
    dynamoWrites: (writeUnits / 1e6) * PRICES.dynamodb.perMillionWriteUnits,
    dynamoReads: (readUnits / 1e6) * PRICES.dynamodb.perMillionReadUnits,
    total: 0,
  };
  usd.total = usd.lambdaRequests + usd.lambdaCompute + usd.apiMessages + usd.dynamoWrites + usd.dynamoReads;
  return { lambdaRequests, gbSeconds, apiMessages, readUnits, writeUnits, dynamoCalls: sum((row) => row.dynamoCalls), failedConditionalWrites: sum((row) => row.failedConditionalWrites), usd };
};

/** Turns a child's raw counts into the model's costs. */
export const costOf = (model: Model, source: string, result: CostChildResult, memoryMb: number): ModelCost => {
  const actions = COST_ACTIONS.map((action) => ({ action, ...result.actions[action] }));
  const session = totals(actions, memoryMb);
  const perGame = 1000 / result.games;
  return {
    model,
    source,
    games: result.games,
    movesPerGame: result.movesPerGame,
    refusals: result.refusals,
    actions,
    session,
    perThousandGames: {
      totalUsd: session.usd.total * perGame,
      apiGatewayMessagesUsd: session.usd.apiMessages * perGame,
      ratio: session.usd.total / session.usd.apiMessages,
      lambdaUsd: (session.usd.lambdaRequests + session.usd.lambdaCompute) * perGame,
      dynamoUsd: (session.usd.dynamoWrites + session.usd.dynamoReads) * perGame,
    },
    ...(result.hot === undefined ? {} : { hot: result.hot }),
    ...(result.crowd === undefined ? {} : { crowd: result.crowd }),
  };
};

const runModel = async (model: Model, srcDir: string, dynamo: LocalDynamo, options: CostOptions, memoryMb: number): Promise<CostChildResult> => {
  const tableName = `arena-cost-${model}-${Date.now()}`;
  await createTable(dynamo.endpoint, tableName);
  const input: CostChildInput = {
    model,
    srcDir,
    dynamoEndpoint: dynamo.endpoint,
    tableName,
    apiLatencyMs: options.apiLatencyMs,
    memoryMb,
    games: options.games,
    hotRoomMembers: options.hotRoomMembers,
    crowdMembers: options.crowdMembers ?? 0,
    seed: options.seed ?? 20_261_127,
  };
  const child = startChild<CostChildMessage>(benchFile('cost-session.ts'), input);
  try {
    const message = await child.next();
    if (message.type === 'error') throw new Error(`${model}: ${message.message}\n${child.stderr()}`);
    return message.result;
  } finally {
    await child.exited(5000);
    await child.kill();
  }
};

/**
 * A JVM runs its first few thousand requests interpreted: without this, the first model measured would
 * pay DynamoDB Local's warm-up in its handlers' durations (GB-s) and the next would not.
 */
const warmUp = async (endpoint: string): Promise<void> => {
  const tableName = 'arena-cost-warmup';
  await createTable(endpoint, tableName);
  const client = createDocumentClient({ region: 'us-east-1', dynamodbEndpoint: endpoint, localCredentials: { accessKeyId: 'w', secretAccessKey: 'w' } });
  try {
    for (let i = 0; i < 600; i++) {
      const pk = `ROOM#warm-${i % 20}`;
      await client.send(new PutCommand({ TableName: tableName, Item: { pk, sk: `MEMBER#${i}`, data: 'x'.repeat(i * 10) }, ConditionExpression: 'attribute_not_exists(pk)' }));
      await client.send(new GetCommand({ TableName: tableName, Key: { pk, sk: `MEMBER#${i}` }, ConsistentRead: true }));
      if (i % 10 === 0) await client.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }));
    }
  } finally {
    client.destroy();
  }
};

export const runCostBench = async (options: CostOptions): Promise<CostBench> => {
  const memoryMb = await functionMemoryMb();
  const dynamo = await startDynamo({ engine: 'dynamodb-local' });
  const bench: CostBench = { prices: PRICES, memoryMb, apiLatencyMs: options.apiLatencyMs, models: [], skipped: [] };
  try {
    await warmUp(dynamo.endpoint);
    for (const model of options.models) {
      const where = await modelSource(model);
      if ('skipped' in where) {
        options.log(`${model}: skipped (${where.skipped})`);
        bench.skipped.push({ model, reason: where.skipped });
        continue;
      }
      options.log(`${model} (${where.source}): ${options.games} game(s), hot room of ${options.hotRoomMembers}, crowd of ${options.crowdMembers ?? 0} ...`);
      bench.models.push(costOf(model, where.source, await runModel(model, where.srcDir, dynamo, options, memoryMb), memoryMb));
    }
  } finally {
    await dynamo.close();
  }
  return bench;
};
