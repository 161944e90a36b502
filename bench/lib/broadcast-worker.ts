/**
 * One broadcast, measured in a process of its own. Peak RSS is the kernel's
 * high-water mark for the process (getrusage maxrss): it never goes down, so
 * in a shared process the second variant would inherit the first one's peak
 * and the comparison would say nothing. A fresh process per run also gives
 * each variant a cold heap and its own socket pool.
 */
import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { createDocumentClient } from '../../src/adapters/dynamodb/client';
import { DynamoConnectionStore } from '../../src/adapters/dynamodb/connections';
import { DynamoMemberStore } from '../../src/adapters/dynamodb/members';
import { createGatewayClient } from '../../src/adapters/gateway/client';
import { DEFAULT_BROADCAST_CONCURRENCY, broadcast, type BroadcastReport } from '../../src/broadcast';
import { childInput, tellParent } from './child';
import { seedBroadcast } from './seed-broadcast';
import { WARMUP_PREFIX, benchPayload, connectionIds, type WorkerInput, type WorkerResult } from './shared';

const MB = 1024 * 1024;
const input = childInput<WorkerInput>();
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };

const projectConfig = { region: 'us-east-1', localCredentials: credentials, broadcastConcurrency: undefined };
const gateway =
  input.variant === 'seed'
    ? new ApiGatewayManagementApiClient({ region: 'us-east-1', endpoint: input.endpoint, credentials })
    : createGatewayClient(projectConfig, input.endpoint, undefined, { leanPost: input.variant === 'project' });
const send = async (ids: readonly string[]): Promise<BroadcastReport> =>
  input.variant === 'seed' ? await seedBroadcast(gateway, ids, benchPayload) : await broadcast(gateway, ids, benchPayload);
const microseconds = () => Number(process.hrtime.bigint() / 1000n);

// A Lambda container broadcasts warm far more often than cold: open the socket pool and let the JIT
// compile the send path first (its error path too, with the same share of gone connections), in
// broadcasts the size of the pool.
const warmupIds = connectionIds(input.warmup, input.goneEvery).map((id) => `${WARMUP_PREFIX}${id}`);
for (let sent = 0; sent < warmupIds.length; sent += DEFAULT_BROADCAST_CONCURRENCY) {
  await send(warmupIds.slice(sent, sent + DEFAULT_BROADCAST_CONCURRENCY));
}

const ids = connectionIds(input.n, input.goneEvery);
const rssAfterInitMb = process.memoryUsage().rss / MB;
const cpuBefore = process.cpuUsage();
const startUs = microseconds();
const started = performance.now();
const report = await send(ids);
const wallMs = performance.now() - started;
const endUs = microseconds();
const cpu = process.cpuUsage(cpuBefore);
const peakRssMb = (process.resourceUsage().maxRSS * 1024) / MB;

let pruneMs = 0;
if (input.prune !== undefined && report.gone.length > 0) {
  const { dynamoEndpoint, tableName, room } = input.prune;
  const documents = createDocumentClient({ region: 'us-east-1', dynamodbEndpoint: dynamoEndpoint, localCredentials: credentials });
  const pruneStarted = performance.now();
  // What `deliver`'s prune does first: connections and memberships, batched 25 a request, in parallel.
  await Promise.all([
    new DynamoConnectionStore(documents, tableName, 3600).remove(report.gone),
    new DynamoMemberStore(documents, tableName, 3600).removeMany(room, report.gone),
  ]);
  pruneMs = performance.now() - pruneStarted;
  documents.destroy();
}

gateway.destroy();
await tellParent({
  variant: input.variant,
  n: input.n,
  delivered: report.delivered.length,
  gone: report.gone.length,
  failed: report.failed.length,
  wallMs,
  pruneMs,
  rssAfterInitMb,
  peakRssMb,
  cpuMs: (cpu.user + cpu.system) / 1000,
  firstFailures: report.failed.slice(0, 3).map((failure) => `${failure.connectionId}: ${failure.error}`),
  window: { startUs, endUs },
} satisfies WorkerResult);
// Exit rather than wait to be killed: under --cpu-prof the profile is written on a normal exit only.
process.exit(0);
