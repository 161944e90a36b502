import type { Deps } from '../../src/actions/deps';
import { MemoryConnectionStore } from '../../src/adapters/memory/connections';
import { MemoryGateway } from '../../src/adapters/memory/gateway';
import { MemoryMemberStore } from '../../src/adapters/memory/members';
import { MemoryRoomStore } from '../../src/adapters/memory/rooms';
import { InProcessFanoutQueue, MemoryPayloadStore } from '../../src/adapters/memory/fanout-queue';
import { consumeFanout } from '../../src/fanout/consume';
import { DEFAULT_GAME } from '../../src/games/registry';
import type { Provide } from '../../src/handlers/provide';
import { silentLog } from '../../src/ports/telemetry';
import type { BroadcastReport } from '../../src/broadcast';

export interface MemoryWorld {
  deps: Deps;
  gateway: MemoryGateway;
  connections: MemoryConnectionStore;
  members: MemoryMemberStore;
  rooms: MemoryRoomStore;
  reports: BroadcastReport[];
  fanout: InProcessFanoutQueue;
  /** Moves the fake clock. */
  advance(ms: number): void;
  provide: Provide;
}

/** Every port in memory, a deterministic clock and ids: the whole application without I/O. */
export const memoryWorld = (overrides: Partial<Deps['settings']> = {}): MemoryWorld => {
  let now = 1_700_000_000_000;
  let ids = 0;
  const gateway = new MemoryGateway();
  const connections = new MemoryConnectionStore();
  const members = new MemoryMemberStore();
  const rooms = new MemoryRoomStore();
  const reports: BroadcastReport[] = [];
  const payloads = new MemoryPayloadStore();
  const fanout = new InProcessFanoutQueue(async (message) => await consumeFanout(deps, payloads, message));
  const deps: Deps = {
    connections,
    members,
    rooms,
    gateway: gateway.client,
    gatewayEndpoint: 'http://memory.invalid',
    fanout,
    payloads,
    clock: () => now,
    random: { playerId: () => `p${++ids}`, seatToken: () => `token-${++ids}-${'x'.repeat(24)}` },
    settings: { rateLimit: { capacity: 1000, refillPerSecond: 1000 }, defaultGame: DEFAULT_GAME, fanoutThreshold: 5000, ...overrides },
    log: silentLog,
    metrics: { record: (report) => reports.push(report) },
  };
  return {
    deps,
    gateway,
    connections,
    members,
    rooms,
    reports,
    fanout,
    advance: (ms) => (now += ms),
    provide: () => ({ deps, flush: () => {} }),
  };
};
