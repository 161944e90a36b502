import { documentClient } from '../adapters/dynamodb/client';
import { DynamoConnectionStore } from '../adapters/dynamodb/connections';
import { DynamoMemberStore } from '../adapters/dynamodb/members';
import { DynamoRoomStore } from '../adapters/dynamodb/rooms';
import { gatewayClientFor, managementEndpoint } from '../adapters/gateway/client';
import { getConfig } from '../config';
import { DEFAULT_GAME } from '../games/registry';
import { createLogger, logWith } from '../observability/logger';
import { createMetrics, emfBroadcastMetrics } from '../observability/metrics';
import { newPlayerId, newSeatToken } from '../rooms/seat-tokens';
import type { Provide } from './provide';

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
  members: new DynamoMemberStore(client, config.tableName, config.connectionTtlSeconds),
  rooms: new DynamoRoomStore(client, config.tableName, config.roomTtlSeconds),
};
const settings = {
  rateLimit: config.rateLimit,
  defaultGame: DEFAULT_GAME,
  ...(config.broadcastConcurrency === undefined ? {} : { broadcastConcurrency: config.broadcastConcurrency }),
  ...(config.authSecret === undefined ? {} : { authSecret: config.authSecret }),
};

export { config };

export const provideDeps: Provide = (requestContext, logFields, context) => {
  if (context !== undefined) logger.addContext(context);
  const broadcastMetrics = emfBroadcastMetrics(metrics);
  return {
    deps: {
      ...stores,
      gateway: gatewayClientFor(config, managementEndpoint(config, requestContext)),
      clock: Date.now,
      random: { playerId: newPlayerId, seatToken: newSeatToken },
      settings,
      log: logWith(logger, logFields),
      metrics: broadcastMetrics,
    },
    flush: () => broadcastMetrics.flush(),
  };
};
