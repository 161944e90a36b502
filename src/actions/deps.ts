import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { ConnectionRecord, ConnectionStore, RateLimit } from '../ports/connections';
import type { AddressStore } from '../ports/addresses';
import type { EventLog, RequestStore } from '../ports/event-log';
import type { FanoutQueue, PayloadStore } from '../ports/fanout';
import type { LobbyIndex, Matchmaker } from '../ports/matchmaker';
import type { MemberStore } from '../ports/members';
import type { RoomStore } from '../ports/rooms';
import type { TimerQueue } from '../ports/timers';
import type { BroadcastMetrics, Log } from '../ports/telemetry';

/** Limits a deployment sets (docs/security.md lists each one and its default). */
export interface Settings {
  rateLimit: RateLimit;
  /** Rooms a connection may join or create: a bucket of `capacity`, refilled at `refillPerSecond`. */
  joinLimit: RateLimit;
  defaultGame: string;
  broadcastConcurrency?: number;
  /** Rooms with more members than this fan out through `fanout` instead of one broadcast. */
  fanoutThreshold: number;
  /** Members (seated or not) one room may hold. */
  maxRoomMembers: number;
  /** Connections one client address may hold open at once. */
  maxConnectionsPerAddress: number;
  /** How long a seat waits for a player whose connection dropped, unless the room says otherwise. */
  reconnectSeconds: number;
  /** When set, `$connect` requires a token signed with it (see `auth.ts`); it also keys the public ids derived from subjects. */
  authSecret?: string;
}

/** Everything an action needs from the outside world, as small interfaces: tests pass in-memory versions. */
export interface Deps {
  connections: ConnectionStore;
  addresses: AddressStore;
  members: MemberStore;
  rooms: RoomStore;
  events: EventLog;
  requests: RequestStore;
  matchmaker: Matchmaker;
  lobby: LobbyIndex;
  /** Management API client of the API this invocation came from, and its endpoint (fan-out workers post there too). */
  gateway: ApiGatewayManagementApiClient;
  gatewayEndpoint: string;
  /** Where rooms above `settings.fanoutThreshold` members send their events. */
  fanout: FanoutQueue;
  /** Where a room's next deadline is scheduled (SQS delays and EventBridge Scheduler on AWS, in process locally). */
  timers: TimerQueue;
  payloads: PayloadStore;
  clock: () => number;
  /**
   * When this invocation must have answered (epoch ms of the real clock, not `clock`): Lambda's
   * timeout, less a margin to reply and log. Retries of the room's write and
   * of sends stop here, so a handler answers with a typed error instead of
   * being killed mid-delivery. Undefined outside Lambda (tests, scripts).
   */
  deadline?: number;
  random: { playerId(): string; seatToken(): string; spectatorToken(): string; roomId(): string };
  settings: Settings;
  log: Log;
  metrics: BroadcastMetrics;
}

/** Who sent the message being handled. */
export interface Sender {
  connection: ConnectionRecord;
  /** The message's `id`, echoed as `re`. */
  re?: string;
  /**
   * Present when the message has not been charged to the connection's budget
   * yet: a game write charges the sender's seat instead, and says so.
   */
  meter?: { charged(): void };
}
