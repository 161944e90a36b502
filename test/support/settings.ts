import type { Settings } from '../../src/actions/deps';
import { DEFAULT_GAME } from '../../src/games/registry';

/** Generous limits for tests that are not about limits; a test about one sets it. */
export const testSettings = (overrides: Partial<Settings> = {}): Settings => ({
  rateLimit: { capacity: 10_000, refillPerSecond: 10_000 },
  joinLimit: { capacity: 10_000, refillPerSecond: 10_000 },
  defaultGame: DEFAULT_GAME,
  fanoutThreshold: 5000,
  maxRoomMembers: 100_000,
  maxConnectionsPerAddress: 100_000,
  reconnectSeconds: 60,
  ...overrides,
});
