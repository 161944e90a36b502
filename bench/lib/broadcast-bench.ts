import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { connectionKey, memberKey } from '../../src/adapters/dynamodb/keys';
import { DEFAULT_BROADCAST_CONCURRENCY } from '../../src/broadcast';
import { benchFile, startChild, type Child } from './child';
import { countExisting, putAll } from './dynamo-seed';
import { connectionIds, GONE_PREFIX, type FakeApiCommand, type FakeApiCounts, type FakeApiMessage, type Variant, type WorkerInput, type WorkerResult } from './shared';

export interface BroadcastBenchOptions {
  sizes: number[];
  latencyMs: number;
  /** 0: every connection open; 10: every tenth is gone (10%). */
  goneEveryOptions: number[];
  repeats: number;
  warmup: number;
  /** Sizes at which (a') — the project's broadcast with every send through the SDK's stack — runs too (all connections open). */
  sdkPathSizes: number[];
  /** The embedded DynamoDB holding the gone connections to prune. */
  dynamo: { client: DynamoDBDocumentClient; endpoint: string; tableName: string };
  log: (line: string) => void;
}

export interface VariantSummary {
  /** Median over the repeats. */
  wallMs: number;
  sendsPerSecond: number;
  /** Highest over the repeats. */
  peakRssMb: number;
  rssAfterInitMb: number;
  /** CPU per send in the broadcasting process (median run). */
  cpuUsPerSend: number;
  pruneMs: number;
  delivered: number;
  gone: number;
  failed: number;
  /** What the fake API answered for the median run (retries counted as requests). */
  server: FakeApiCounts;
  runs: WorkerResult[];
}

export interface BroadcastRow {
  n: number;
  goneEvery: number;
  goneExpected: number;
  project: VariantSummary;
  /** (a'): only at `sdkPathSizes`. */
  sdkPath?: VariantSummary;
  seed: VariantSummary;
  /** (c): ceil(N / concurrency) round trips, the project's lower bound. */
  floorMs: number;
  /** How many times faster (a) is than (b), broadcast wall time. */
  speedup: number;
  /** Every gone connection reported and every delivered one answered 200, in every run of both variants. */
  countsAddUp: boolean;
  /** Gone connections and memberships still in the table after any run's prune (should be 0). */
  leftAfterPrune: number;
}

const ROOM = 'bench-room';

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
};

const summarise = (runs: { result: WorkerResult; server: FakeApiCounts }[]): VariantSummary => {
  const sorted = [...runs].sort((a, b) => a.result.wallMs - b.result.wallMs);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)] as (typeof runs)[number];
  const { result } = middle;
  return {
    wallMs: result.wallMs,
    sendsPerSecond: (result.n / result.wallMs) * 1000,
    peakRssMb: Math.max(...runs.map((run) => run.result.peakRssMb)),
    rssAfterInitMb: median(runs.map((run) => run.result.rssAfterInitMb)),
    cpuUsPerSend: (result.cpuMs * 1000) / result.n,
    pruneMs: median(runs.map((run) => run.result.pruneMs)),
    delivered: result.delivered,
    gone: result.gone,
    failed: result.failed,
    server: middle.server,
    runs: runs.map((run) => run.result),
  };
};

const goneKeys = (ids: readonly string[]) =>
  ids.filter((id) => id.startsWith(GONE_PREFIX)).flatMap((id) => [connectionKey(id), memberKey(ROOM, id)]);

/** Puts the gone connections (and their memberships) in the table, for the run's prune to delete. */
const seedGone = async (client: DynamoDBDocumentClient, tableName: string, ids: readonly string[]): Promise<void> => {
  const items = ids
    .filter((id) => id.startsWith(GONE_PREFIX))
    .flatMap((id) => [
      { ...connectionKey(id), connectionId: id, connectedAt: 0, room: ROOM, expiresAt: 0 },
      { ...memberKey(ROOM, id), expiresAt: 0 },
    ]);
  await putAll(client, tableName, items);
};

/** Runs one broadcast in a fresh process; `nodeArgs` such as --cpu-prof reach that process. */
export const runWorker = async (input: WorkerInput, nodeArgs: string[] = []): Promise<WorkerResult> => {
  const worker = startChild<WorkerResult>(benchFile('broadcast-worker.ts'), input, nodeArgs);
  try {
    const result = await worker.next();
    await worker.exited(10_000);
    return result;
  } finally {
    await worker.kill();
  }
};

const take = async (api: Child<FakeApiMessage>): Promise<FakeApiCounts> => {
  api.process.send({ type: 'take' } satisfies FakeApiCommand);
  const message = await api.next();
  if (message.type !== 'counts') throw new Error(`fake API answered ${message.type} to take`);
  const { requests, delivered, gone, other } = message;
  return { requests, delivered, gone, other };
};

/**
 * (a) the project's broadcast and (b) the seed's, run alternately, each in a
 * fresh process, against one loopback fake management API in a process of its
 * own; with gone connections, each run's prune goes to the embedded DynamoDB.
 */
export const runBroadcastBench = async (options: BroadcastBenchOptions): Promise<BroadcastRow[]> => {
  const api = startChild<FakeApiMessage>(benchFile('fake-api-process.ts'), { latencyMs: options.latencyMs });
  const rows: BroadcastRow[] = [];
  try {
    const ready = await api.next();
    if (ready.type !== 'ready') throw new Error('fake API did not start');
    for (const goneEvery of options.goneEveryOptions) {
      for (const n of options.sizes) {
        const ids = connectionIds(n, goneEvery);
        const goneExpected = ids.filter((id) => id.startsWith(GONE_PREFIX)).length;
        const variants: Variant[] = goneEvery === 0 && options.sdkPathSizes.includes(n) ? ['project', 'sdk-path', 'seed'] : ['project', 'seed'];
        const runs: Record<Variant, { result: WorkerResult; server: FakeApiCounts }[]> = { project: [], 'sdk-path': [], seed: [] };
        let countsAddUp = true;
        let leftAfterPrune = 0;
        for (let repeat = 0; repeat < options.repeats; repeat++) {
          for (const variant of variants) {
            options.log(`  broadcast ${variant.padEnd(8)} N=${n}${goneEvery > 0 ? ` (${goneExpected} gone)` : ''} run ${repeat + 1}/${options.repeats}`);
            if (goneExpected > 0) await seedGone(options.dynamo.client, options.dynamo.tableName, ids);
            await take(api);
            const result = await runWorker({
              variant,
              n,
              goneEvery,
              endpoint: ready.endpoint,
              warmup: options.warmup,
              ...(goneExpected > 0 ? { prune: { dynamoEndpoint: options.dynamo.endpoint, tableName: options.dynamo.tableName, room: ROOM } } : {}),
            });
            const server = await take(api);
            countsAddUp &&=
              result.delivered + result.gone + result.failed === n &&
              result.gone === goneExpected &&
              server.delivered === result.delivered &&
              server.gone === result.gone;
            if (goneExpected > 0) {
              leftAfterPrune = Math.max(leftAfterPrune, await countExisting(options.dynamo.client, options.dynamo.tableName, goneKeys(ids)));
            }
            runs[variant].push({ result, server });
          }
        }
        const project = summarise(runs.project);
        const seed = summarise(runs.seed);
        rows.push({
          n,
          goneEvery,
          goneExpected,
          project,
          ...(runs['sdk-path'].length > 0 ? { sdkPath: summarise(runs['sdk-path']) } : {}),
          seed,
          floorMs: Math.ceil(n / DEFAULT_BROADCAST_CONCURRENCY) * options.latencyMs,
          speedup: seed.wallMs / project.wallMs,
          countsAddUp,
          leftAfterPrune,
        });
      }
    }
  } finally {
    await api.kill();
  }
  return rows;
};
