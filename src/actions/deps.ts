import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { ConnectionRecord, ConnectionStore, RateLimit } from '../ports/connections';
import type { FanoutQueue, PayloadStore } from '../ports/fanout';
import type { MemberStore } from '../ports/members';
import type { RoomStore } from '../ports/rooms';
import type { BroadcastMetrics, Log } from '../ports/telemetry';

/** Everything an action needs from the outside world, as small interfaces: tests pass in-memory versions. */
export interface Deps {
  connections: ConnectionStore;
  members: MemberStore;
  rooms: RoomStore;
  /** Management API client of the API this invocation came from, and its endpoint (fan-out workers post there too). */
  gateway: ApiGatewayManagementApiClient;
  gatewayEndpoint: string;
  /** Where rooms above `settings.fanoutThreshold` members send their events. */
  fanout: FanoutQueue;
  payloads: PayloadStore;
  clock: () => number;
  random: { playerId(): string; seatToken(): string };
  settings: {
    rateLimit: RateLimit;
    defaultGame: string;
    broadcastConcurrency?: number;
    /** Rooms with more members than this fan out through `fanout` instead of one broadcast. */
    fanoutThreshold: number;
    /** When set, `$connect` requires a token signed with it (see `auth.ts`). */
    authSecret?: string;
  };
  log: Log;
  metrics: BroadcastMetrics;
}

/** Who sent the message being handled. */
export interface Sender {
  connection: ConnectionRecord;
  /** The message's `id`, echoed as `re`. */
  re?: string;
}
