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
import { LeanSqs } from '../adapters/sqs/lean-sqs';
import { SqsTimerQueue, type LongTimers } from '../adapters/sqs/timer-queue';
import type { PayloadStore } from '../ports/fanout';
import type { TimerQueue } from '../ports/timers';
import { fireTimer } from '../timers/fire';
import { getConfig, type Config } from '../config';
import { consumeFanout } from '../fanout/consume';
import { DEFAULT_GAME } from '../games/registry';
import { createLogger, logWith } from '../observability/logger';
import { createMetrics, emfBroadcastMetrics } from '../observability/metrics';
import { newPlayerId, newRoomId, newSeatToken, newSpectatorToken } from '../rooms/seat-tokens';
import { settingsFrom } from './settings';
import type { Provide, ProvideForEndpoint } from './provide';

/** What a function's container provides its handler. */
export interface Container {
  /** An invocation's dependencies, posting to the management API at `endpoint`. */
  provideForEndpoint: ProvideForEndpoint;
  /** The same for a WebSocket route: the endpoint comes from its request context. */
  provideDeps: Provide;
  payloadStore: PayloadStore;
}

export interface ContainerOptions {
  /**
   * Where deadlines further away than SQS's 15-minute delay go. Only the
   * `timer` function's container has it (`timer-container.ts`): the others
   * send such a wait as a 15-minute hop, and leave the Scheduler client out of
   * their bundles.
   */
  longTimers?: (config: Config) => LongTimers | undefined;
}

/** Kept free at the end of an invocation to send a typed error and flush logs and metrics before Lambda's timeout. */
const ANSWER_MARGIN_MS = 1500;

/**
 * Production wiring, evaluated once per Lambda container at cold start (each
 * function's entry module calls this at module scope): the configuration is
 * read (failing fast when incomplete) and the AWS clients are created here,
 * outside any handler, and reused by every invocation.
 */
export const createContainer = (options: ContainerOptions = {}): Container => {
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
  // SQS without the SDK's client (docs/performance.md, "Bundle size"), signing with the DynamoDB client's
  // credentials: the same provider chain, resolved and refreshed once for both.
  const sqs =
    config.fanoutQueueUrl === undefined && config.timerQueueUrl === undefined
      ? undefined
      : new LeanSqs({ region: config.region, credentials: async () => await client.config.credentials() });
  const sqsQueue = config.fanoutQueueUrl === undefined || sqs === undefined ? undefined : new SqsFanoutQueue(sqs, config.fanoutQueueUrl);
  /**
   * Timers: SQS (and, in the timer function, EventBridge Scheduler for long
   * waits) on AWS; without a queue (serverless offline), one in-process queue
   * per container whose timers fire here, each with the dependencies of the
   * endpoint it announces on.
   */
  const timers: TimerQueue =
    config.timerQueueUrl !== undefined && sqs !== undefined
      ? new SqsTimerQueue(sqs, config.timerQueueUrl, options.longTimers?.(config))
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

  const provideForEndpoint: ProvideForEndpoint = (endpoint, logFields, context) => {
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

  return {
    provideForEndpoint,
    provideDeps: (requestContext, logFields, context) => provideForEndpoint(managementEndpoint(config, requestContext), logFields, context),
    payloadStore: stores.payloads,
  };
};
