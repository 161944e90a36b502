import { ConfigError } from './errors';

/**
 * The only module that reads `process.env`. Handlers call `getConfig()` at
 * module scope, so a missing or malformed variable fails the cold start with a
 * message naming it, instead of failing the first player's request.
 */
export interface Config {
  tableName: string;
  region: string;
  /** Set locally and in tests: the embedded DynamoDB. */
  dynamodbEndpoint: string | undefined;
  /** Overrides the management API endpoint (tests, a proxy); otherwise derived from the request context's API id. */
  websocketApiEndpoint: string | undefined;
  /** `serverless offline` sets IS_OFFLINE; its request context is not a usable endpoint. */
  isOffline: boolean;
  /** Dummy credentials for local services when the environment has none. */
  localCredentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  broadcastConcurrency: number | undefined;
  rateLimit: { capacity: number; refillPerSecond: number };
  connectionTtlSeconds: number;
  roomTtlSeconds: number;
  /** How long events are kept for `sync` (after that a client behind gets a snapshot). */
  eventTtlSeconds: number;
  /** Rooms a connection may join or create per minute. */
  joinsPerMinute: number;
  /** Members (seated or not) one room may hold. */
  maxRoomMembers: number;
  /** Connections one client address may hold open at once (`$connect` answers 429 past it). */
  maxConnectionsPerAddress: number;
  /** How long a seat waits for a player whose connection dropped. */
  reconnectSeconds: number;
  /** When set, `$connect` requires a signed token and its subject becomes the player's identity. */
  authSecret: string | undefined;
  /** Rooms with more members than this fan out through the queue. */
  fanoutThreshold: number;
  fanoutQueueUrl: string | undefined;
  /** The timer queue (SQS); unset under serverless offline, where timers run in process. */
  timerQueueUrl: string | undefined;
  /** For deadlines beyond SQS's 15 minutes: EventBridge Scheduler's group and role, and the queue's ARN as its target. */
  longTimers: { group: string; roleArn: string; queueArn: string } | undefined;
  /** Public URL of the WebSocket API, injected into the game page: PUBLIC_WEBSOCKET_URL, else derived on AWS. */
  publicWebsocketUrl: string | undefined;
}

type Env = Record<string, string | undefined>;

const optional = (env: Env, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

const positiveNumber = (env: Env, name: string, fallback: number): number => {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  }
  return value;
};

// Counts: a fraction below 1 is positive but means zero (no sends in flight, no message admitted).
const positiveInteger = (env: Env, name: string, fallback: number): number => {
  const value = Math.floor(positiveNumber(env, name, fallback));
  if (value < 1) throw new ConfigError(`${name} must be a positive integer, got ${JSON.stringify(optional(env, name))}`);
  return value;
};

// `new URL('localhost:8000')` parses, with "localhost:" as its scheme: only web schemes are endpoints.
const WEB_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:']);

const url = (env: Env, name: string): string | undefined => {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch (cause) {
    throw new ConfigError(`${name} must be a URL, got ${JSON.stringify(raw)}`, { cause });
  }
  if (!WEB_SCHEMES.has(parsed.protocol)) throw new ConfigError(`${name} must be an http(s) or ws(s) URL, got ${JSON.stringify(raw)}`);
  return parsed.toString().replace(/\/$/, '');
};

/**
 * One invocation broadcasts to this many members itself: at the default 200 sends in flight and ~20 ms per
 * round trip that is about half a second. Bigger rooms go through the fan-out queue, where workers share them.
 */
export const DEFAULT_FANOUT_THRESHOLD = 5000;

/**
 * The deployed WebSocket API's public URL, from the id and stage the stack gives the page's function
 * (serverless.yml), so it is never hard-coded. Offline renders the id's `!Ref` as an object: not used there.
 */
const deployedWebsocketUrl = (env: Env, region: string): string | undefined => {
  const apiId = optional(env, 'WEBSOCKET_API_ID');
  const stage = optional(env, 'WEBSOCKET_STAGE');
  if (apiId === undefined || stage === undefined) return undefined;
  if (!/^[a-z0-9]+$/.test(apiId)) throw new ConfigError(`WEBSOCKET_API_ID must be an API Gateway id, got ${JSON.stringify(apiId)}`);
  if (!/^[A-Za-z0-9_-]+$/.test(stage)) throw new ConfigError(`WEBSOCKET_STAGE must be a stage name, got ${JSON.stringify(stage)}`);
  return `wss://${apiId}.execute-api.${region}.amazonaws.com/${stage}`;
};

/** All three or none: a half-configured scheduler would fail at the first long clock, far from its cause. */
const longTimersOf = (env: Env): Config['longTimers'] => {
  const group = optional(env, 'SCHEDULE_GROUP');
  const roleArn = optional(env, 'SCHEDULER_ROLE_ARN');
  const queueArn = optional(env, 'TIMER_QUEUE_ARN');
  const set = [group, roleArn, queueArn].filter((value) => value !== undefined).length;
  if (set === 0) return undefined;
  if (group === undefined || roleArn === undefined || queueArn === undefined) {
    throw new ConfigError('SCHEDULE_GROUP, SCHEDULER_ROLE_ARN and TIMER_QUEUE_ARN go together (serverless.yml sets all three)');
  }
  if (!/^arn:aws[a-z-]*:/.test(roleArn) || !/^arn:aws[a-z-]*:sqs:/.test(queueArn)) throw new ConfigError('SCHEDULER_ROLE_ARN and TIMER_QUEUE_ARN must be ARNs');
  return { group, roleArn, queueArn };
};

// API Gateway closes every WebSocket after 2 hours; a record that outlives that
// by a margin can only be a connection whose $disconnect never ran.
const TWO_HOURS_AND_A_MARGIN = 2 * 3600 + 15 * 60;

export const loadConfig = (env: Env): Config => {
  const tableName = optional(env, 'TABLE_NAME');
  if (tableName === undefined) {
    throw new ConfigError('TABLE_NAME is not set: it names the DynamoDB table (serverless.yml sets it)');
  }
  // serverless offline sets "true"; "false" or "0" must not switch the endpoint to localhost.
  const isOffline = ['true', '1', 'yes'].includes(optional(env, 'IS_OFFLINE')?.toLowerCase() ?? '');
  const dynamodbEndpoint = url(env, 'DYNAMODB_ENDPOINT');
  const local = isOffline || dynamodbEndpoint !== undefined;
  const region = optional(env, 'AWS_REGION') ?? optional(env, 'AWS_DEFAULT_REGION') ?? (local ? 'us-east-1' : undefined);
  if (region === undefined) throw new ConfigError('AWS_REGION is not set');
  const hasCredentials = optional(env, 'AWS_ACCESS_KEY_ID') !== undefined || optional(env, 'AWS_PROFILE') !== undefined;
  const concurrency = optional(env, 'BROADCAST_CONCURRENCY');
  const authSecret = optional(env, 'AUTH_SECRET');
  if (authSecret !== undefined && authSecret.length < 32) {
    throw new ConfigError('AUTH_SECRET must be at least 32 characters (it keys HS256)');
  }
  return {
    tableName,
    region,
    dynamodbEndpoint,
    websocketApiEndpoint: url(env, 'WEBSOCKET_API_ENDPOINT'),
    isOffline,
    localCredentials: local && !hasCredentials ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined,
    broadcastConcurrency: concurrency === undefined ? undefined : positiveInteger(env, 'BROADCAST_CONCURRENCY', 1),
    rateLimit: {
      capacity: positiveInteger(env, 'RATE_LIMIT_BURST', 20),
      refillPerSecond: positiveNumber(env, 'RATE_LIMIT_PER_SECOND', 2),
    },
    connectionTtlSeconds: positiveNumber(env, 'CONNECTION_TTL_SECONDS', TWO_HOURS_AND_A_MARGIN),
    roomTtlSeconds: positiveNumber(env, 'ROOM_TTL_SECONDS', 7 * 24 * 3600),
    eventTtlSeconds: positiveNumber(env, 'EVENT_TTL_SECONDS', 24 * 3600),
    joinsPerMinute: positiveInteger(env, 'JOINS_PER_MINUTE', 10),
    maxRoomMembers: positiveInteger(env, 'MAX_ROOM_MEMBERS', 10_000),
    maxConnectionsPerAddress: positiveInteger(env, 'MAX_CONNECTIONS_PER_ADDRESS', 100),
    reconnectSeconds: positiveInteger(env, 'RECONNECT_SECONDS', 60),
    authSecret,
    fanoutThreshold: positiveInteger(env, 'FANOUT_THRESHOLD', DEFAULT_FANOUT_THRESHOLD),
    // serverless offline has no SQS (and renders the queue's !Ref as an object): the in-process queue serves there.
    fanoutQueueUrl: isOffline ? undefined : url(env, 'FANOUT_QUEUE_URL'),
    timerQueueUrl: isOffline ? undefined : url(env, 'TIMER_QUEUE_URL'),
    longTimers: isOffline ? undefined : longTimersOf(env),
    publicWebsocketUrl: url(env, 'PUBLIC_WEBSOCKET_URL') ?? (isOffline ? undefined : deployedWebsocketUrl(env, region)),
  };
};

let cached: Config | undefined;

/** The configuration of this container, read on first use and never again. */
export const getConfig = (): Config => (cached ??= loadConfig(process.env));

/**
 * The X-Ray trace header of the current invocation. The one variable read per
 * call rather than at cold start: Lambda sets it anew for every invocation
 * (the SDK's recursion-detection middleware reads it the same way).
 */
export const lambdaTraceId = (): string | undefined => {
  const traceId = process.env._X_AMZN_TRACE_ID;
  return process.env.AWS_LAMBDA_FUNCTION_NAME && traceId ? traceId : undefined;
};
