/**
 * `npm run bench`: the measurements of docs/performance.md, in one run.
 *
 *   npm run bench                      everything (about 4 minutes), written to bench/results/latest.json
 *   npm run bench -- --only broadcast  one part: broadcast, fanout, lookup, bundles or cost (printed, not written;
 *                                      cost also writes bench/results/cost-latest.json)
 *   npm run bench -- --repeats 1       fewer runs per broadcast case
 *   npm run bench -- --only cost --models before,after --games 3 --hot 100 --crowd 300
 */
import './lib/quiet';
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createTable, startDynamo } from '../scripts/local/dynamodb';
import { createDocumentClient } from '../src/adapters/dynamodb/client';
import { DEFAULT_BROADCAST_CONCURRENCY } from '../src/broadcast';
import { runBroadcastBench, type BroadcastRow } from './lib/broadcast-bench';
import { runBundleBench, type BundleRow } from './lib/bundle-bench';
import { runFanoutBench, type FanoutBench } from './lib/fanout-bench';
import { runLookupBench, type LookupRow } from './lib/lookup-bench';
import { MODELS, runCostBench, type CostBench, type Model } from './lib/cost-bench';
import { costActionTable, costTotalsTable, crowdTable, hotRoomTable, priceLines } from './lib/cost-report';
import { fixed } from './lib/table';
import { broadcastTable, bundleTable, evaluateTargets, fanoutTable, lookupTable, sendPathTable, targetTable } from './lib/report';

const PARTS = ['broadcast', 'fanout', 'lookup', 'bundles', 'cost'] as const;
type Part = (typeof PARTS)[number];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    repeats: { type: 'string', default: '3' },
    out: { type: 'string' },
    models: { type: 'string', default: MODELS.join(',') },
    games: { type: 'string', default: '3' },
    hot: { type: 'string', default: '100' },
    crowd: { type: 'string', default: '300' },
  },
});
const models = values.models.split(',') as Model[];
if (models.some((model) => !MODELS.includes(model))) throw new Error(`--models takes ${MODELS.join(', ')}`);
const only = values.only?.split(',') as Part[] | undefined;
if (only?.some((part) => !PARTS.includes(part))) throw new Error(`--only takes ${PARTS.join(', ')}`);
const repeats = Math.max(1, Number(values.repeats));
const runs = (part: Part) => only === undefined || only.includes(part);
const outFile = values.out ?? (only === undefined ? fileURLToPath(new URL('./results/latest.json', import.meta.url)) : undefined);

const log = (line: string) => process.stdout.write(`${line}\n`);
const heading = (title: string) => log(`\n== ${title}\n`);
const load = () => loadavg().map((value) => Number(value.toFixed(2)));
const git = (args: string[]) => {
  try {
    return execFileSync('git', args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

const LATENCY_MS = 20;
/** Ten broadcasts the size of the socket pool before each timed one: a container that has served a few invocations. */
const WARMUP_SENDS = 10 * DEFAULT_BROADCAST_CONCURRENCY;
const machine = {
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGb: Number((totalmem() / 2 ** 30).toFixed(1)),
  loadBefore: load(),
};
log(`serverless-arena bench: node ${machine.node}, ${machine.cores} x ${machine.cpu}, load average ${machine.loadBefore.join(' / ')} (1/5/15 min)`);
if ((machine.loadBefore[0] ?? 0) > machine.cores / 2) log('note: the machine is busy; throughput figures will be lower than on an idle one');

const started = performance.now();
const dynamo = await startDynamo();
const documents = createDocumentClient({ region: 'us-east-1', dynamodbEndpoint: dynamo.endpoint, localCredentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
let broadcast: BroadcastRow[] = [];
let lookup: LookupRow[] = [];
let bundles: BundleRow[] = [];
let fanout: FanoutBench | undefined;
let cost: CostBench | undefined;
try {
  if (runs('broadcast')) {
    heading(`Broadcast, ${LATENCY_MS} ms round trip (fake management API in its own process), median of ${repeats}`);
    await createTable(dynamo.endpoint, 'arena-bench');
    broadcast = await runBroadcastBench({
      sizes: [100, 1_000, 10_000],
      latencyMs: LATENCY_MS,
      goneEveryOptions: [0, 10],
      repeats,
      warmup: WARMUP_SENDS,
      sdkPathSizes: [10_000],
      dynamo: { client: documents, endpoint: dynamo.endpoint, tableName: 'arena-bench' },
      log,
    });
    log('');
    log(broadcastTable(broadcast));
    log(`\n(a) src/broadcast.ts + createGatewayClient, concurrency ${DEFAULT_BROADCAST_CONCURRENCY}; (b) the seed: unbounded Promise.allSettled over a default client (50 sockets);`);
    log(`(c) ceil(N / ${DEFAULT_BROADCAST_CONCURRENCY}) x ${LATENCY_MS} ms. Each run is a fresh process after ${WARMUP_SENDS} warm-up sends (the same share of them gone); peak RSS is the highest of the runs.`);
    log(`\nThe send path at N=10,000: (a) lean PostToConnection vs (a') the same broadcast with every send through the SDK's stack\n`);
    log(sendPathTable(broadcast));
  }
  if (runs('fanout')) {
    heading(`Past one invocation: a 100,000-member room through the fan-out queue, ${LATENCY_MS} ms round trip`);
    fanout = await runFanoutBench({ latencyMs: LATENCY_MS, roomSize: 100_000, workers: [1, 2, 5, 10, 20], log });
    const { measured } = fanout;
    log(
      `\nmeasured: building ${measured.messages} messages (${measured.sqsCalls} SendMessageBatch calls) ${fixed(measured.buildMs)} ms; one worker invocation: ` +
        `${measured.sendsPerInvocation} sends in ${fixed(measured.invocationMs)} ms (${fixed((measured.sendsPerInvocation / measured.invocationMs) * 1000)} sends/s), ${measured.failed} failed\n`,
    );
    log(fanoutTable(fanout));
    log(`\nsimulated = enqueue (build + one ${20} ms SQS round trip for the parallel calls) + invocations each x one measured invocation;`);
    log('the account floor is 100,000 sends at API Gateway\'s 10,000 requests/s: more workers stop helping there.');
  }
  if (runs('lookup')) {
    heading('Room fan-out lookup on the embedded DynamoDB: a 100-member room among 100,000 connections');
    await createTable(dynamo.endpoint, 'arena-bench-lookup');
    lookup = await runLookupBench({ client: documents, tableName: 'arena-bench-lookup', connections: 100_000, roomSize: 100, repeats: 3, log });
    log('');
    log(lookupTable(lookup));
  }
  if (runs('bundles')) {
    heading("Handler bundles (serverless.yml's custom.esbuild) and module init in a fresh Node process, median of 5");
    bundles = await runBundleBench({ initRuns: 5, log });
    log('');
    log(bundleTable(bundles));
  }
  if (runs('cost')) {
    heading('Cost: a scripted session through the production handlers, on DynamoDB Local behind a capacity proxy');
    cost = await runCostBench({ models, games: Math.max(1, Number(values.games)), hotRoomMembers: Math.max(0, Number(values.hot)), crowdMembers: Math.max(0, Number(values.crowd)), apiLatencyMs: LATENCY_MS, log });
    for (const model of cost.models) {
      log(`\n${model.model} (${model.source}), per action over the session (2 players, 2 spectators, ${model.games} games, a reconnect):\n`);
      log(costActionTable(model));
      if (Object.keys(model.refusals).length > 0) log(`refused along the way: ${JSON.stringify(model.refusals)}`);
    }
    for (const skipped of cost.skipped) log(`\n${skipped.model}: skipped (${skipped.reason})`);
    if (cost.models.length > 0) {
      log('\nTotals per session, and dollars per 1,000 games beside the API Gateway message charge alone:\n');
      log(costTotalsTable(cost));
      if (cost.models.some((model) => model.hot !== undefined)) {
        log('\nHot room: every member sends a chat at the same moment (concurrent invocations):\n');
        log(hotRoomTable(cost));
      }
      if (cost.models.some((model) => model.crowd !== undefined)) {
        log('\nA crowd: 2 players, then spectators join one after another, then all of them close (20 ms round trip):\n');
        log(crowdTable(cost));
      }
      log('');
      priceLines(cost).forEach((line) => log(line));
    }
    await mkdir(new URL('./results/', import.meta.url), { recursive: true });
    await writeFile(new URL('./results/cost-latest.json', import.meta.url), `${JSON.stringify({ generatedAt: new Date().toISOString(), commit: git(['rev-parse', 'HEAD']), uncommittedChanges: git(['status', '--porcelain']) !== '', machine, cost }, null, 2)}\n`);
    log('written to bench/results/cost-latest.json');
  }
} finally {
  documents.destroy();
  await dynamo.close();
}

const targets = evaluateTargets(broadcast, bundles);
if (targets.length > 0) {
  heading('Targets');
  log(targetTable(targets));
}
const loadAfter = load();
// The bench keeps both cores busy itself (the fake API and the broadcasting process): ~2 at the end is its own.
log(`\nload average after: ${loadAfter.join(' / ')} (the bench's own two processes included); took ${((performance.now() - started) / 1000).toFixed(0)} s`);

if (outFile !== undefined) {
  const result = {
    generatedAt: new Date().toISOString(),
    commit: git(['rev-parse', 'HEAD']),
    uncommittedChanges: git(['status', '--porcelain']) !== '',
    machine: { ...machine, loadAfter },
    settings: { latencyMs: LATENCY_MS, concurrency: DEFAULT_BROADCAST_CONCURRENCY, repeats, warmupSends: WARMUP_SENDS },
    broadcast,
    fanout,
    lookup,
    bundles,
    cost,
    targets,
  };
  await mkdir(new URL('./results/', import.meta.url), { recursive: true });
  await writeFile(outFile, `${JSON.stringify(result, null, 2)}\n`);
  log(`written to ${outFile}`);
}
