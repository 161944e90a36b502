/** What the bench's processes say to each other, and the workload they agree on. */

/** Connection ids with this prefix answer 410 at the fake API. */
export const GONE_PREFIX = 'gone-';
/** Sends that open the socket pool before the timed broadcast; the fake API leaves them out of its counts. */
export const WARMUP_PREFIX = 'warm-';

export interface FakeApiInput {
  latencyMs: number;
}

export type FakeApiMessage = { type: 'ready'; endpoint: string } | ({ type: 'counts' } & FakeApiCounts);

export interface FakeApiCounts {
  /** Requests received, retries included. */
  requests: number;
  delivered: number;
  gone: number;
  other: number;
}

export type FakeApiCommand = { type: 'take' };

/**
 * (a) `project`: src/broadcast.ts over createGatewayClient (lean PostToConnection);
 * (a') `sdk-path`: the same broadcast and socket pool, every send through the SDK's middleware stack;
 * (b) `seed`: unbounded Promise.allSettled over a default SDK client.
 */
export type Variant = 'project' | 'sdk-path' | 'seed';

export interface WorkerInput {
  variant: Variant;
  n: number;
  /** Every `goneEvery`-th connection is gone (0: none). */
  goneEvery: number;
  endpoint: string;
  /** Sends to other ids before the timed broadcast, so it meets a warm container's socket pool. */
  warmup: number;
  /** Where the gone connections live, to prune them with the project's batch delete. */
  prune?: { dynamoEndpoint: string; tableName: string; room: string };
}

export interface WorkerResult {
  variant: Variant;
  n: number;
  delivered: number;
  gone: number;
  failed: number;
  /** The broadcast alone, first send to last settled. */
  wallMs: number;
  /** Deleting the gone connections and memberships, after the broadcast. */
  pruneMs: number;
  /** The process after loading the SDK and before any send. */
  rssAfterInitMb: number;
  /** The process's high-water mark (getrusage maxrss). */
  peakRssMb: number;
  /** CPU of the broadcast process during the broadcast (user + system). */
  cpuMs: number;
  firstFailures: string[];
  /** The timed broadcast on the monotonic clock (µs), to pick its samples out of a CPU profile. */
  window: { startUs: number; endUs: number };
}

/** `n` connection ids, every `goneEvery`-th of them gone. */
export const connectionIds = (n: number, goneEvery: number): string[] =>
  Array.from({ length: n }, (_, i) => (goneEvery > 0 && i % goneEvery === 0 ? `${GONE_PREFIX}c${i}` : `c${i}`));

/** A `moved` event of a game in progress: the usual broadcast (about 400 bytes). */
export const benchPayload = {
  type: 'moved',
  room: 'bench-room',
  seq: 42,
  seat: 0,
  column: 3,
  row: 2,
  state: {
    game: 'connect-four',
    round: 1,
    status: 'playing',
    turn: 1,
    winner: null,
    players: [
      { seat: 0, playerId: 'p-0b1c2d3e', name: 'Ada', online: true },
      { seat: 1, playerId: 'p-4f5a6b7c', name: 'Grace', online: true },
    ],
    spectators: 9998,
    rematch: [],
    board: [
      [null, null, null, null, null, null, null],
      [null, null, null, null, null, null, null],
      [null, null, null, 0, null, null, null],
      [null, null, 1, 0, null, null, null],
      [null, 1, 0, 1, null, null, null],
      [0, 1, 0, 1, 0, null, null],
    ],
  },
};
