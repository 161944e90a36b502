/** What the cost part's parent and its per-model child agree on. */

/** The actions the report lists, in its order. */
export const COST_ACTIONS = ['$connect', 'join', 'move', 'chat', 'sync', 'rematch', 'leave', '$disconnect'] as const;
export type CostAction = (typeof COST_ACTIONS)[number];

export interface CostChildInput {
  model: string;
  /** The model's `src` folder: its handlers are imported from `<srcDir>/handlers/<route>.ts`. */
  srcDir: string;
  /** DynamoDB Local itself; the child puts its capacity proxy in front. */
  dynamoEndpoint: string;
  tableName: string;
  /** Round trip of the fake management API (API Gateway in-region). */
  apiLatencyMs: number;
  memoryMb: number;
  /** Games in the scripted session (at least 1; the disconnect/reconnect happens in game 2 when there is one). */
  games: number;
  /** Members of the hot room (2 players + spectators); 0 skips that part. */
  hotRoomMembers: number;
  /** Members of the crowd (2 players, then spectators joining one after another); 0 skips that part. */
  crowdMembers: number;
  /** Seed of the moves' pseudo-random choice among legal columns. */
  seed: number;
}

/** What the session cost, per action. */
export interface ActionCost {
  invocations: number;
  /** Summed over invocations: each rounded up to 1 ms, as Lambda bills. */
  billedMs: number;
  dynamoCalls: number;
  readUnits: number;
  writeUnits: number;
  failedConditionalWrites: number;
  /** API Gateway messages: the inbound frame (32 KB increments); none for $connect/$disconnect. */
  inboundMessages: number;
  /** PostToConnection calls made by these invocations, and the messages they are billed as. */
  posts: number;
  postMessages: number;
}

export interface HotRoomResult {
  members: number;
  applied: number;
  refused: Record<string, number>;
  /** Write calls naming one of the room's items (conditional failures included). */
  roomWriteAttempts: number;
  /** Every write under the room's key (its item, its events, chat request keys). */
  roomPartitionWrites: number;
  failedConditionalWrites: number;
  writeUnits: number;
  readUnits: number;
  dynamoCalls: number;
  posts: number;
  /** Posts not answered 200 (a send that timed out on a loaded machine): the member would sync. */
  undelivered: number;
  elapsedMs: number;
  /** The seqs of the applied chats, from the senders' copies: contiguous, none twice. */
  seqsContiguous: boolean;
}

/** A crowd arriving: what each join costs as the room grows, and what the crowd's leaving costs. */
export interface CrowdResult {
  members: number;
  /** Spectators among them (the rest are the 2 players, seated first). */
  spectators: number;
  /** PostToConnection calls made by the spectators' joins, all of them; then by the first and the last tenth of them, per join. */
  joinPosts: number;
  postsPerJoinFirstTenth: number;
  postsPerJoinLastTenth: number;
  /** Median duration of one join invocation, first and last tenth of the spectators. */
  joinMsFirstTenth: number;
  joinMsLastTenth: number;
  /** DynamoDB write units per spectator join, on average. */
  writeUnitsPerJoin: number;
  /** PostToConnection calls made by every spectator's `$disconnect`. */
  leavePosts: number;
  /** The spectator count the players were last told (in an event's state or a `chat`), after everyone left: 0 when it converged. */
  spectatorsAfterLeaving: number | undefined;
}

export interface CostChildResult {
  model: string;
  actions: Record<CostAction, ActionCost>;
  games: number;
  movesPerGame: number[];
  /** Invocations that answered with an error (a refused move the script retried, ...), by code. */
  refusals: Record<string, number>;
  hot?: HotRoomResult;
  crowd?: CrowdResult;
}

export type CostChildMessage = { type: 'result'; result: CostChildResult } | { type: 'error'; message: string };
