import type { CostBench, ModelCost } from './cost-bench';
import { fixed, formatTable } from './table';

const per = (total: number, invocations: number, digits = 1) => (invocations === 0 ? '-' : fixed(total / invocations, digits));
const usd = (value: number, digits = 4) => `$${value.toFixed(digits)}`;

/** Per action: what one invocation does to DynamoDB and API Gateway. */
export const costActionTable = (model: ModelCost): string =>
  formatTable(
    [
      { header: 'action', value: (r) => r.action, align: 'left' },
      { header: 'invocations', value: (r) => fixed(r.invocations) },
      { header: 'DynamoDB calls/inv', value: (r) => per(r.dynamoCalls, r.invocations) },
      { header: 'RCU', value: (r) => fixed(r.readUnits, 1) },
      { header: 'WCU', value: (r) => fixed(r.writeUnits) },
      { header: 'WCU/inv', value: (r) => per(r.writeUnits, r.invocations) },
      { header: 'failed cond. writes', value: (r) => fixed(r.failedConditionalWrites) },
      { header: 'posts/inv', value: (r) => per(r.posts, r.invocations) },
      { header: 'billed ms/inv', value: (r) => per(r.billedMs, r.invocations, 0) },
    ],
    model.actions.filter((row) => row.invocations > 0),
  );

/** Per model: the session's totals, its dollars, and per 1,000 games beside the API Gateway message floor. */
export const costTotalsTable = (bench: CostBench): string =>
  formatTable(
    [
      { header: 'model', value: (m) => `${m.model} (${m.source})`, align: 'left' },
      { header: 'games', value: (m) => `${m.games} (${m.movesPerGame.join('/')} moves)` },
      { header: 'Lambda requests', value: (m) => fixed(m.session.lambdaRequests) },
      { header: 'GB-s', value: (m) => fixed(m.session.gbSeconds, 2) },
      { header: 'API GW messages', value: (m) => fixed(m.session.apiMessages) },
      { header: 'DynamoDB calls', value: (m) => fixed(m.session.dynamoCalls) },
      { header: 'RCU', value: (m) => fixed(m.session.readUnits, 1) },
      { header: 'WCU', value: (m) => fixed(m.session.writeUnits) },
      { header: '$/1,000 games', value: (m) => usd(m.perThousandGames.totalUsd) },
      { header: 'API GW msgs alone', value: (m) => usd(m.perThousandGames.apiGatewayMessagesUsd) },
      { header: 'ratio', value: (m) => `${fixed(m.perThousandGames.ratio, 2)}x` },
      { header: 'Lambda', value: (m) => usd(m.perThousandGames.lambdaUsd) },
      { header: 'DynamoDB', value: (m) => usd(m.perThousandGames.dynamoUsd) },
    ],
    bench.models,
  );

export const hotRoomTable = (bench: CostBench): string =>
  formatTable(
    [
      { header: 'model', value: (m) => m.model, align: 'left' },
      { header: 'members', value: (m) => fixed(m.hot?.members ?? 0) },
      { header: 'applied', value: (m) => fixed(m.hot?.applied ?? 0) },
      { header: 'refused', value: (m) => Object.entries(m.hot?.refused ?? {}).map(([code, n]) => `${code} ${n}`).join(', ') || '0', align: 'left' },
      { header: 'room write attempts/event', value: (m) => per(m.hot?.roomWriteAttempts ?? 0, m.hot?.applied ?? 0, 2) },
      { header: 'writes under the room/event', value: (m) => per(m.hot?.roomPartitionWrites ?? 0, m.hot?.applied ?? 0, 2) },
      { header: 'failed cond. writes', value: (m) => fixed(m.hot?.failedConditionalWrites ?? 0) },
      { header: 'WCU/event', value: (m) => per(m.hot?.writeUnits ?? 0, m.hot?.applied ?? 0, 2) },
      { header: 'posts', value: (m) => fixed(m.hot?.posts ?? 0) },
      { header: 'undelivered', value: (m) => fixed(m.hot?.undelivered ?? 0) },
      { header: 'seq', value: (m) => (m.hot?.seqsContiguous === true ? 'no gap' : 'GAP/DUPLICATE'), align: 'left' },
      { header: 'elapsed ms', value: (m) => fixed(m.hot?.elapsedMs ?? 0) },
    ],
    bench.models.filter((m) => m.hot !== undefined),
  );

/** The crowd: what a spectator's join costs as the room grows (O(1) posts, or O(n)). */
export const crowdTable = (bench: CostBench): string =>
  formatTable(
    [
      { header: 'model', value: (m) => m.model, align: 'left' },
      { header: 'spectators joining', value: (m) => fixed(m.crowd?.spectators ?? 0) },
      { header: 'posts by their joins', value: (m) => fixed(m.crowd?.joinPosts ?? 0) },
      { header: 'posts/join, first tenth', value: (m) => fixed(m.crowd?.postsPerJoinFirstTenth ?? 0, 1) },
      { header: 'posts/join, last tenth', value: (m) => fixed(m.crowd?.postsPerJoinLastTenth ?? 0, 1) },
      { header: 'join ms, first tenth (median)', value: (m) => fixed(m.crowd?.joinMsFirstTenth ?? 0, 1) },
      { header: 'join ms, last tenth (median)', value: (m) => fixed(m.crowd?.joinMsLastTenth ?? 0, 1) },
      { header: 'WCU/join', value: (m) => fixed(m.crowd?.writeUnitsPerJoin ?? 0, 1) },
      { header: 'posts by their $disconnects', value: (m) => fixed(m.crowd?.leavePosts ?? 0) },
      { header: 'spectators told after', value: (m) => (m.crowd?.spectatorsAfterLeaving === undefined ? '-' : fixed(m.crowd.spectatorsAfterLeaving)) },
    ],
    bench.models.filter((m) => m.crowd !== undefined),
  );

export const priceLines = (bench: CostBench): string[] => {
  const p = bench.prices;
  return [
    `List prices, ${p.region}, checked ${p.checked}: API Gateway WebSocket $${p.apiGateway.perMillionMessages.toFixed(2)}/million messages (32 KB each) and $${p.apiGateway.perMillionConnectionMinutes.toFixed(2)}/million connection-minutes;`,
    `DynamoDB on-demand $${p.dynamodb.perMillionWriteUnits}/million WRU and $${p.dynamodb.perMillionReadUnits}/million RRU (since Nov 2024); Lambda arm64 $${p.lambda.perGbSecond}/GB-s and $${p.lambda.perMillionRequests.toFixed(2)}/million requests.`,
    `Sources: ${p.sources.join(', ')}`,
    `Lambda GB-s: each invocation's measured duration rounded up to 1 ms, x ${bench.memoryMb} MB (serverless.yml); management API round trip ${bench.apiLatencyMs} ms. Connection-minutes are left out of the`,
    `total (they depend on how long people play, not on the storage): 4 connections x 10 minutes per game would add $${((4 * 10 * 1000 * p.apiGateway.perMillionConnectionMinutes) / 1e6).toFixed(4)} per 1,000 games.`,
  ];
};
