import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTable, startDynamo, type LocalDynamo } from '../../scripts/local/dynamodb';
import { createDocumentClient } from '../../src/adapters/dynamodb/client';
import { runBroadcastBench, type BroadcastRow, type VariantSummary } from '../../bench/lib/broadcast-bench';
import { esbuildOptionsFromServerlessYml } from '../../bench/lib/bundle-bench';
import { runFanoutBench } from '../../bench/lib/fanout-bench';
import { runLookupBench } from '../../bench/lib/lookup-bench';
import { modelSource, runCostBench } from '../../bench/lib/cost-bench';
import { costActionTable, costTotalsTable, crowdTable, hotRoomTable } from '../../bench/lib/cost-report';
import { broadcastTable, evaluateTargets, fanoutTable, lookupTable } from '../../bench/lib/report';

/**
 * The bench harness with a tiny workload: the rows it produces are well
 * formed and their counts add up. Timings are not judged here (the bench is
 * not a timed test); only that they were measured.
 */
let dynamo: LocalDynamo;
let documents: DynamoDBDocumentClient;

beforeAll(async () => {
  dynamo = await startDynamo({ engine: 'dynalite' });
  await createTable(dynamo.endpoint, 'bench-smoke');
  await createTable(dynamo.endpoint, 'bench-smoke-lookup');
  documents = createDocumentClient({ region: 'us-east-1', dynamodbEndpoint: dynamo.endpoint, localCredentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
});
afterAll(async () => {
  documents.destroy();
  await dynamo.close();
});

const measured = (summary: VariantSummary, n: number, gone: number) => {
  expect(summary.delivered + summary.gone + summary.failed).toBe(n);
  expect(summary.gone).toBe(gone);
  expect(summary.failed).toBe(0);
  // What the fake API answered agrees with what the broadcast reported.
  expect(summary.server).toEqual({ requests: n, delivered: n - gone, gone, other: 0 });
  expect(summary.wallMs).toBeGreaterThan(0);
  expect(summary.sendsPerSecond).toBeGreaterThan(0);
  expect(summary.peakRssMb).toBeGreaterThanOrEqual(summary.rssAfterInitMb * 0.5);
  expect(summary.runs).toHaveLength(1);
};

describe('the bench harness', () => {
  let rows: BroadcastRow[] = [];

  it('runs (a), (a′) and (b) side by side, each in its own process, and reports every connection', async () => {
    rows = await runBroadcastBench({
      sizes: [30],
      latencyMs: 2,
      goneEveryOptions: [0, 10],
      repeats: 1,
      warmup: 10,
      sdkPathSizes: [30],
      dynamo: { client: documents, endpoint: dynamo.endpoint, tableName: 'bench-smoke' },
      log: () => {},
    });

    expect(rows.map((row) => [row.n, row.goneExpected])).toEqual([
      [30, 0],
      [30, 3],
    ]);
    for (const row of rows) {
      measured(row.project, row.n, row.goneExpected);
      measured(row.seed, row.n, row.goneExpected);
      expect(row.countsAddUp).toBe(true);
      expect(row.leftAfterPrune).toBe(0);
      expect(row.floorMs).toBe(2);
      expect(row.speedup).toBeCloseTo(row.seed.wallMs / row.project.wallMs);
    }
    const [open, withGone] = rows as [BroadcastRow, BroadcastRow];
    expect(open.sdkPath).toBeDefined();
    measured(open.sdkPath as VariantSummary, 30, 0);
    expect(withGone.sdkPath).toBeUndefined();
    expect(withGone.project.pruneMs).toBeGreaterThan(0);
    expect(broadcastTable(rows).split('\n')).toHaveLength(2 + rows.length);
  });

  it('reads one room by Query and the whole table by Scan', async () => {
    const lookup = await runLookupBench({ client: documents, tableName: 'bench-smoke-lookup', connections: 200, roomSize: 10, repeats: 1, log: () => {} });

    expect(lookup.map(({ method, found, itemsRead, tableItems }) => ({ method, found, itemsRead, tableItems }))).toEqual([
      { method: 'query', found: 10, itemsRead: 10, tableItems: 210 },
      { method: 'scan', found: 10, itemsRead: 210, tableItems: 210 },
    ]);
    expect(lookupTable(lookup)).toContain('full-table Scan');
  });

  it("builds the handlers with serverless.yml's esbuild options", async () => {
    const { options, functions } = await esbuildOptionsFromServerlessYml();

    expect(options).toMatchObject({ bundle: true, minify: true, format: 'esm', platform: 'node', mainFields: ['module', 'main'], outExtension: { '.js': '.mjs' } });
    expect(options.banner?.js).toContain('createRequire');
    expect(options.external).toContain('@aws-sdk/credential-provider-ini');
    expect(functions.move).toBe('src/handlers/move.ts');
  });

  it('judges the targets only on the rows it has', () => {
    expect(evaluateTargets(rows, [])).toEqual([]);
  });

  it('measures one fanout worker invocation through the real handler and simulates K workers from it', async () => {
    const bench = await runFanoutBench({ latencyMs: 1, roomSize: 1200, workers: [1, 3], log: () => {} });

    // 1,200 members: three messages of at most 500, one SQS call, all in one invocation of up to 10 messages.
    expect(bench.measured).toMatchObject({ messages: 3, sqsCalls: 1, sendsPerInvocation: 1200, delivered: 1200, failed: 0 });
    expect(bench.rows.map((row) => [row.workers, row.rounds])).toEqual([
      [1, 1],
      [3, 1],
    ]);
    for (const row of bench.rows) expect(row.expectedMs).toBe(Math.max(row.simulatedMs, row.accountFloorMs));
    expect(fanoutTable(bench)).toContain('simulated wall ms');
  });
});

describe('the cost part', () => {
  it('runs one game, a small hot room and a small crowd through the production handlers on DynamoDB Local, and its figures add up', async () => {
    const bench = await runCostBench({ models: ['after'], games: 1, hotRoomMembers: 4, crowdMembers: 8, apiLatencyMs: 1, log: () => {} });

    const [model] = bench.models;
    expect(bench.models).toHaveLength(1);
    if (model === undefined) return;
    // A whole game: a win takes at least 7 moves, a draw 42.
    expect(model.games).toBe(1);
    expect(model.movesPerGame[0]).toBeGreaterThanOrEqual(7);
    const row = (action: string) => model.actions.find((r) => r.action === action);
    expect(row('move')?.invocations).toBe(model.movesPerGame[0]);
    for (const action of ['$connect', 'join', 'move', 'chat', 'leave', '$disconnect']) {
      const r = row(action);
      expect(r?.invocations, action).toBeGreaterThan(0);
      expect(r?.dynamoCalls, action).toBeGreaterThan(0);
      expect(r?.writeUnits, action).toBeGreaterThan(0);
      expect(r?.billedMs, action).toBeGreaterThanOrEqual(r?.invocations ?? 0);
    }
    // Every room event reached the room: a move is posted to the 4 members.
    expect(row('move')?.posts).toBe(4 * (row('move')?.invocations ?? 0));
    const { session } = model;
    expect(session.writeUnits).toBe(model.actions.reduce((sum, r) => sum + r.writeUnits, 0));
    expect(session.apiMessages).toBe(model.actions.reduce((sum, r) => sum + r.inboundMessages + r.postMessages, 0));
    expect(session.usd.total).toBeCloseTo(session.usd.lambdaRequests + session.usd.lambdaCompute + session.usd.apiMessages + session.usd.dynamoWrites + session.usd.dynamoReads, 12);
    expect(model.perThousandGames.totalUsd).toBeCloseTo(session.usd.total * 1000, 9);
    expect(model.perThousandGames.ratio).toBeGreaterThan(1);
    expect(model.hot).toMatchObject({ members: 4, seqsContiguous: true });
    expect((model.hot?.applied ?? 0) + Object.values(model.hot?.refused ?? {}).reduce((a, b) => a + b, 0)).toBe(4);
    expect(model.hot?.roomWriteAttempts).toBeGreaterThanOrEqual(model.hot?.applied ?? 0);
    expect(costActionTable(model)).toContain('failed cond. writes');
    expect(costTotalsTable(bench)).toContain('$/1,000 games');
    expect(hotRoomTable(bench)).toContain('WCU/event');
    // The crowd: 6 spectators, each join answered to its own connection only, their leaving announced to nobody,
    // and the players' next event counts none of them.
    expect(model.crowd).toMatchObject({ members: 8, spectators: 6, joinPosts: 6, postsPerJoinFirstTenth: 1, postsPerJoinLastTenth: 1, leavePosts: 0, spectatorsAfterLeaving: 0 });
    expect(crowdTable(bench)).toContain('posts/join, last tenth');
  });

  it('finds the "before" model in git history, or says why it cannot', async () => {
    const source = await modelSource('before');

    if ('skipped' in source) expect(source.skipped).toMatch(/git|extract/);
    else expect(source.srcDir).toMatch(/bench\/\.models\/eec3512\/src$/);
  });
});
