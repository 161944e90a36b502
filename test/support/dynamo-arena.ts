import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { Deps } from '../../src/actions/deps';
import { MemoryGateway } from '../../src/adapters/memory/gateway';
import { InProcessFanoutQueue } from '../../src/adapters/memory/fanout-queue';
import { DynamoPayloadStore } from '../../src/adapters/dynamodb/payloads';
import { consumeFanout } from '../../src/fanout/consume';
import { actions } from '../../src/handlers/actions-table';
import { connectHandler, disconnectHandler } from '../../src/handlers/connection';
import { actionHandler, defaultHandler } from '../../src/handlers/route';
import type { Action } from '../../src/protocol';
import { newPlayerId, newRoomId, newSeatToken, newSpectatorToken } from '../../src/rooms/seat-tokens';
import { testSettings } from './settings';
import { ManualTimerQueue } from './manual-timers';
import { silentLog } from '../../src/ports/telemetry';
import type { BroadcastReport } from '../../src/broadcast';
import { wsEvent } from './events';
import type { TestDynamo } from './dynamo';

export interface DynamoArenaOptions {
  /** A real management API client (e.g. to a fake API over HTTP) instead of the in-memory gateway. */
  gateway?: ApiGatewayManagementApiClient;
  /** Replaces some stores (e.g. to inject a fault). */
  stores?: Partial<Pick<Deps, 'connections' | 'members' | 'rooms' | 'events' | 'requests' | 'addresses'>>;
  timers?: Deps['timers'];
  /** A real fan-out queue (e.g. SQS through the lean client to a fake queue) instead of the in-process one. */
  fanout?: Deps['fanout'];
  clock?: () => number;
}

/** The real handlers over the embedded DynamoDB, posting into an in-memory gateway. */
export const dynamoArena = (db: TestDynamo, settings: Partial<Deps['settings']> = {}, options: DynamoArenaOptions = {}) => {
  const gateway = new MemoryGateway();
  const reports: BroadcastReport[] = [];
  const payloads = new DynamoPayloadStore(db.client, db.tableName);
  const fanout = new InProcessFanoutQueue(async (message) => await consumeFanout(deps, payloads, message));
  const deps: Deps = {
    connections: db.connections,
    addresses: db.addresses,
    members: db.members,
    rooms: db.rooms,
    events: db.events,
    requests: db.requests,
    matchmaker: db.matchmaker,
    lobby: db.lobby,
    ...options.stores,
    gateway: options.gateway ?? gateway.client,
    gatewayEndpoint: 'http://memory.invalid',
    fanout: options.fanout ?? fanout,
    timers: options.timers ?? new ManualTimerQueue(),
    payloads,
    clock: options.clock ?? Date.now,
    random: { playerId: newPlayerId, seatToken: newSeatToken, spectatorToken: newSpectatorToken, roomId: newRoomId },
    settings: testSettings(settings),
    log: silentLog,
    metrics: { record: (report) => reports.push(report) },
  };
  const provide = () => ({ deps, flush: () => {} });
  const handlers = Object.fromEntries((Object.keys(actions) as Action[]).map((a) => [a, actionHandler(a, actions[a] as never)(provide)]));
  const fallback = defaultHandler(actions)(provide);
  return {
    gateway,
    reports,
    fanout,
    deps,
    connect: async (id: string) => {
      gateway.connect(id);
      await connectHandler(provide)(wsEvent('$connect', id));
    },
    disconnect: async (id: string) => {
      gateway.disconnect(id);
      await disconnectHandler(provide)(wsEvent('$disconnect', id));
    },
    send: async (id: string, message: { action: string } & Record<string, unknown>) => {
      const handler = handlers[message.action] ?? fallback;
      return await handler(wsEvent(message.action, id, message));
    },
    /** Any frame at any route, as a hostile client (or a misrouting gateway) could deliver it. */
    sendRaw: async (id: string, route: string, body: string) => await (handlers[route] ?? fallback)(wsEvent(route, id, body)),
  };
};
