import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { ConnectionRecord, ConnectionStore, RateLimit } from '../ports/connections';
import type { MemberStore } from '../ports/members';
import type { RoomStore } from '../ports/rooms';
import type { BroadcastMetrics, Log } from '../ports/telemetry';

/** Everything an action needs from the outside world, as small interfaces: tests pass in-memory versions. */
export interface Deps {
  connections: ConnectionStore;
  members: MemberStore;
  rooms: RoomStore;
  /** Management API client of the API this invocation came from. */
  gateway: ApiGatewayManagementApiClient;
  clock: () => number;
  random: { playerId(): string; seatToken(): string };
  settings: {
    rateLimit: RateLimit;
    defaultGame: string;
    broadcastConcurrency?: number;
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
