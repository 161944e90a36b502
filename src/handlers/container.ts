import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import type { Deps } from '../actions/deps';
import { documentClient } from '../adapters/dynamodb/client';
import { DynamoAddressStore } from '../adapters/dynamodb/addresses';
import { DynamoConnectionStore } from '../adapters/dynamodb/connections';
import { DynamoEventLog, DynamoRequestStore } from '../adapters/dynamodb/event-log';
import { DynamoLobby } from '../adapters/dynamodb/lobby';
import { DynamoMatchmaker } from '../adapters/dynamodb/matchmaker';
import { DynamoMemberStore } from '../adapters/dynamodb/members';
import { DynamoPayloadStore } from '../adapters/dynamodb/payloads';
import { DynamoRoomStore } from '../adapters/dynamodb/rooms';
import { gatewayClientFor, managementEndpoint } from '../adapters/gateway/client';
import { InProcessFanoutQueue } from '../adapters/memory/fanout-queue';
import { InProcessTimerQueue } from '../adapters/memory/timer-queue';
import { SqsFanoutQueue } from '../adapters/sqs/fanout-queue';
import { SqsTimerQueue } from '../adapters/sqs/timer-queue';
import type { TimerQueue } from '../ports/timers';
import { fireTimer } from '../timers/fire';
import { getConfig } from '../config';
import { consumeFanout } from '../fanout/consume';
import { DEFAULT_GAME } from '../games/registry';
import { createLogger, logWith } from '../observability/logger';
import { createMetrics, emfBroadcastMetrics } from '../observability/metrics';
import { newPlayerId, newRoomId, newSeatToken, newSpectatorToken } from '../rooms/seat-tokens';
import { settingsFrom } from './settings';
import type { Invocation, Provide } from './provide';

/**
 * Production wiring, evaluated once per Lambda container at cold start: the
 * configuration is read (failing fast when incomplete) and the AWS clients are
 * created here, outside any handler, and reused by every invocation.
 */
const config = getConfig();
const client = documentClient(config);
const logger = createLogger();
const metrics = createMetrics();
const stores = {
  connections: new DynamoConnectionStore(client, config.tableName, config.connectionTtlSeconds),
  addresses: new DynamoAddressStore(client, config.tableName, config.connectionTtlSeconds),
  members: new DynamoMemberStore(client, config.tableName, config.connectionTtlSeconds),
  rooms: new DynamoRoomStore(client, config.tableName, config.roomTtlSeconds),
  events: new DynamoEventLog(client, config.tableName, config.eventTtlSeconds),
  requests: new DynamoRequestStore(client, config.tableName),
  matchmaker: new DynamoMatchmaker(client, config.tableName),
  lobby: new DynamoLobby(client, config.tableName),
  payloads: new DynamoPayloadStore(client, config.tableName),
};
const sqs = config.fanoutQueueUrl === undefined && config.timerQueueUrl === undefined ? undefined : new SQSClient({ region: config.region });
const sqsQueue = config.fanoutQueueUrl === undefined || sqs === undefined ? undefined : new SqsFanoutQueue(sqs, config.fanoutQueueUrl);
/**
 * Timers: SQS (and EventBridge Scheduler for long waits) on AWS; without a
 * queue (serverless offline), one in-process queue per container whose timers
 * fire here, each with the dependencies of the endpoint it announces on.
 */
const timers: TimerQueue =
  config.timerQueueUrl !== undefined && sqs !== undefined
    ? new SqsTimerQueue(
        sqs,
        config.timerQueueUrl,
        config.longTimers === undefined ? undefined : { client: new SchedulerClient({ region: config.region }), ...config.longTimers },
      )
    : new InProcessTimerQueue(
        async (timer) => {
          const { deps, flush } = provideForEndpoint(timer.endpoint, { room: timer.room, timer: timer.at });
          try {
            await fireTimer(deps, timer);
          } finally {
            flush();
          }
        },
        Date.now,
        (error, timer) => logger.error('timer failed', { room: timer.room, error: error instanceof Error ? error : String(error) }),
      );
const settings = settingsFrom(config, DEFAULT_GAME);

/** Kept free at the end of an invocation to send a typed error and flush logs and metrics before Lambda's timeout. */
const ANSWER_MARGIN_MS = 1500;

/** An invocation's dependencies, posting to the management API at `endpoint`. */
export const provideForEndpoint = (endpoint: string, logFields: Record<string, unknown>, context?: Context): Invocation => {
  if (context !== undefined) logger.addContext(context);
  const broadcastMetrics = emfBroadcastMetrics(metrics);
  const deps: Deps = {
    ...stores,
    gateway: gatewayClientFor(config, endpoint),
    gatewayEndpoint: endpoint,
    // Without a queue (serverless offline), big rooms take the same fan-out path, consumed right here.
    timers,
    fanout: sqsQueue ?? new InProcessFanoutQueue(async (message) => await consumeFanout(deps, stores.payloads, message)),
    clock: Date.now,
    ...(context === undefined ? {} : { deadline: Date.now() + context.getRemainingTimeInMillis() - ANSWER_MARGIN_MS }),
    random: { playerId: newPlayerId, seatToken: newSeatToken, spectatorToken: newSpectatorToken, roomId: newRoomId },
    settings,
    log: logWith(logger, logFields),
    metrics: broadcastMetrics,
  };
  return { deps, flush: () => broadcastMetrics.flush() };
};

export const provideDeps: Provide = (requestContext, logFields, context) => provideForEndpoint(managementEndpoint(config, requestContext), logFields, context);

export const payloadStore = stores.payloads;
