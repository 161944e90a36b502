import type { Deps } from '../../src/actions/deps';
import { MemoryAddressStore } from '../../src/adapters/memory/addresses';
import { MemoryConnectionStore } from '../../src/adapters/memory/connections';
import { MemoryEventLog, MemoryRequestStore } from '../../src/adapters/memory/event-log';
import { MemoryLobby, MemoryMatchmaker } from '../../src/adapters/memory/matchmaker';
import { MemoryGateway } from '../../src/adapters/memory/gateway';
import { MemoryMemberStore } from '../../src/adapters/memory/members';
import { MemoryRoomStore } from '../../src/adapters/memory/rooms';
import { InProcessFanoutQueue, MemoryPayloadStore } from '../../src/adapters/memory/fanout-queue';
import { consumeFanout } from '../../src/fanout/consume';
import type { Provide } from '../../src/handlers/provide';
import { silentLog } from '../../src/ports/telemetry';
import type { BroadcastReport } from '../../src/broadcast';
import { testSettings } from './settings';
import { ManualTimerQueue } from './manual-timers';
import { fireTimer } from '../../src/timers/fire';

export interface MemoryWorld {
  deps: Deps;
  gateway: MemoryGateway;
  connections: MemoryConnectionStore;
  members: MemoryMemberStore;
  rooms: MemoryRoomStore;
  events: MemoryEventLog;
  reports: BroadcastReport[];
  fanout: InProcessFanoutQueue;
  timers: ManualTimerQueue;
  /** Moves the fake clock. */
  advance(ms: number): void;
  /** Moves the fake clock and fires every timer due by then, as SQS would deliver them. */
  elapse(ms: number): Promise<void>;
  provide: Provide;
}

/** Every port in memory, a deterministic clock and ids: the whole application without I/O. */
export const memoryWorld = (overrides: Partial<Deps['settings']> = {}): MemoryWorld => {
  let now = 1_700_000_000_000;
  let ids = 0;
  const gateway = new MemoryGateway();
  const connections = new MemoryConnectionStore();
  const members = new MemoryMemberStore();
  const rooms = new MemoryRoomStore(members);
  const events = new MemoryEventLog();
  const timers = new ManualTimerQueue();
  const reports: BroadcastReport[] = [];
  const payloads = new MemoryPayloadStore();
  const fanout = new InProcessFanoutQueue(async (message) => await consumeFanout(deps, payloads, message));
  const deps: Deps = {
    connections,
    addresses: new MemoryAddressStore(),
    members,
    rooms,
    events,
    requests: new MemoryRequestStore(),
    matchmaker: new MemoryMatchmaker(),
    lobby: new MemoryLobby(rooms),
    gateway: gateway.client,
    gatewayEndpoint: 'http://memory.invalid',
    fanout,
    timers,
    payloads,
    clock: () => now,
    random: {
      playerId: () => `p${++ids}`,
      seatToken: () => `token-${++ids}-${'x'.repeat(24)}`,
      spectatorToken: () => `watch-${++ids}-${'x'.repeat(24)}`,
      roomId: () => `room${++ids}`,
    },
    settings: testSettings({ rateLimit: { capacity: 1000, refillPerSecond: 1000 }, ...overrides }),
    log: silentLog,
    metrics: { record: (report) => reports.push(report) },
  };
  return {
    deps,
    gateway,
    connections,
    members,
    rooms,
    events,
    reports,
    fanout,
    timers,
    advance: (ms) => (now += ms),
    elapse: async (ms) => {
      now += ms;
      for (const timer of timers.due(now)) await fireTimer(deps, timer);
    },
    provide: () => ({ deps, flush: () => {} }),
  };
};
