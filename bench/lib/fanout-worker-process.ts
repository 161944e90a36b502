/**
 * One `fanout` worker invocation, measured in a process of its own: the real
 * handler (src/handlers/fanout-worker.ts) consuming an SQS batch of 10
 * messages of 500 members each, over the project's gateway client, against the
 * loopback fake management API. Also times building and grouping the queue
 * messages of a whole room on the acting side.
 */
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { Deps } from '../../src/actions/deps';
import { InProcessFanoutQueue, MemoryPayloadStore } from '../../src/adapters/memory/fanout-queue';
import { MemoryAddressStore } from '../../src/adapters/memory/addresses';
import { MemoryConnectionStore } from '../../src/adapters/memory/connections';
import { MemoryEventLog, MemoryRequestStore } from '../../src/adapters/memory/event-log';
import { MemoryLobby, MemoryMatchmaker } from '../../src/adapters/memory/matchmaker';
import { MemoryMemberStore } from '../../src/adapters/memory/members';
import { MemoryRoomStore } from '../../src/adapters/memory/rooms';
import { createGatewayClient } from '../../src/adapters/gateway/client';
import { groupForSqs } from '../../src/adapters/sqs/fanout-queue';
import { DEFAULT_FANOUT_THRESHOLD } from '../../src/config';
import { toFanoutMessages } from '../../src/fanout/batches';
import { DEFAULT_GAME } from '../../src/games/registry';
import { fanoutHandler } from '../../src/handlers/fanout-worker';
import type { BroadcastReport } from '../../src/broadcast';
import { silentLog } from '../../src/ports/telemetry';
import { childInput, tellParent } from './child';
import { benchPayload, connectionIds } from './shared';

export interface FanoutWorkerInput {
  endpoint: string;
  roomSize: number;
  messagesPerInvocation: number;
}

export interface FanoutWorkerResult {
  /** Acting side: split the room into messages and group them into SendMessageBatch calls (CPU only). */
  buildMs: number;
  messages: number;
  sqsCalls: number;
  /** One worker invocation, first send to last settled. */
  invocationMs: number;
  sendsPerInvocation: number;
  delivered: number;
  failed: number;
}

const input = childInput<FanoutWorkerInput>();
const gateway = createGatewayClient({ region: 'us-east-1', localCredentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, broadcastConcurrency: undefined }, input.endpoint);
const payloads = new MemoryPayloadStore();
const reports: BroadcastReport[] = [];
const rooms = new MemoryRoomStore();
const deps: Deps = {
  connections: new MemoryConnectionStore(),
  addresses: new MemoryAddressStore(),
  members: new MemoryMemberStore(),
  rooms,
  events: new MemoryEventLog(),
  requests: new MemoryRequestStore(),
  matchmaker: new MemoryMatchmaker(),
  lobby: new MemoryLobby(rooms),
  timers: { schedule: async () => await Promise.resolve() },
  gateway,
  gatewayEndpoint: input.endpoint,
  fanout: new InProcessFanoutQueue(async () => await Promise.resolve()),
  payloads,
  clock: Date.now,
  random: { playerId: () => 'p', seatToken: () => 't', spectatorToken: () => 'w', roomId: () => 'r' },
  settings: {
    rateLimit: { capacity: 1, refillPerSecond: 1 },
    joinLimit: { capacity: 1, refillPerSecond: 1 },
    defaultGame: DEFAULT_GAME,
    fanoutThreshold: DEFAULT_FANOUT_THRESHOLD,
    maxRoomMembers: 1,
    maxConnectionsPerAddress: 1,
    reconnectSeconds: 60,
  },
  log: silentLog,
  metrics: { record: (report) => reports.push(report) },
};
const handler = fanoutHandler(() => ({ deps, flush: () => {} }), payloads);

const buildStarted = performance.now();
const messages = await toFanoutMessages('bench-room', input.endpoint, connectionIds(input.roomSize, 0), benchPayload, async (p) => await payloads.put(p));
const sqsCalls = groupForSqs(messages).length;
const buildMs = performance.now() - buildStarted;

const event = (batch: typeof messages): SQSEvent => ({ Records: batch.map((message, i) => ({ messageId: `m${i}`, body: JSON.stringify(message) }) as SQSRecord) });
const batch = messages.slice(0, input.messagesPerInvocation);
// Warm container: open the socket pool and compile the send path with one invocation first.
await handler(event(batch.map((message) => ({ ...message, connectionIds: message.connectionIds.map((id) => `warm-${id}`) }))));
reports.length = 0;

const started = performance.now();
const response = await handler(event(batch));
const invocationMs = performance.now() - started;
if (response.batchItemFailures.length > 0) throw new Error(`worker reported ${response.batchItemFailures.length} failed records`);
gateway.destroy();

await tellParent({
  buildMs,
  messages: messages.length,
  sqsCalls,
  invocationMs,
  sendsPerInvocation: batch.reduce((n, message) => n + message.connectionIds.length, 0),
  delivered: reports.reduce((n, report) => n + report.delivered.length, 0),
  failed: reports.reduce((n, report) => n + report.failed.length, 0),
} satisfies FanoutWorkerResult);
process.exit(0);
