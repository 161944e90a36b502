import type { Settings } from '../actions/deps';
import type { Config } from '../config';

/** The limits of a deployment, from its configuration. */
export const settingsFrom = (config: Config, defaultGame: string): Settings => ({
  rateLimit: config.rateLimit,
  joinLimit: { capacity: config.joinsPerMinute, refillPerSecond: config.joinsPerMinute / 60 },
  defaultGame,
  fanoutThreshold: config.fanoutThreshold,
  maxRoomMembers: config.maxRoomMembers,
  maxConnectionsPerAddress: config.maxConnectionsPerAddress,
  reconnectSeconds: config.reconnectSeconds,
  ...(config.broadcastConcurrency === undefined ? {} : { broadcastConcurrency: config.broadcastConcurrency }),
  ...(config.authSecret === undefined ? {} : { authSecret: config.authSecret }),
});
