import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { ApiGatewayManagementApiClient, type ApiGatewayManagementApiClientConfig } from '@aws-sdk/client-apigatewaymanagementapi';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { DEFAULT_BROADCAST_CONCURRENCY } from '../../broadcast';
import type { Config } from '../../config';
import { FastGatewayClient } from './fast-client';

export interface RequestContextLike {
  /** The API's id: its own execute-api host is where the management API answers. */
  apiId?: string;
  /** The host the client connected to: the API's own, or a custom domain (kept for logs; not an endpoint). */
  domainName?: string;
  stage?: string;
}

/** serverless offline's management API: its request context (`localhost`, stage `local`) is not a usable endpoint. */
const OFFLINE_ENDPOINT = 'http://localhost:3001';

// The partitions' DNS suffixes for execute-api; every region but China's is under amazonaws.com.
const dnsSuffix = (region: string): string => (region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com');

/**
 * Where to post: `WEBSOCKET_API_ENDPOINT` when set (tests, a proxy), offline's
 * port under `serverless offline`, else the execute-api host of the API that
 * invoked us. Never `domainName`: behind a custom domain it is the custom host,
 * whose path is the API mapping key rather than the stage, and every
 * PostToConnection sent there fails.
 */
export const managementEndpoint = (config: Pick<Config, 'websocketApiEndpoint' | 'isOffline' | 'region'>, context: RequestContextLike): string => {
  if (config.websocketApiEndpoint !== undefined) return config.websocketApiEndpoint;
  if (config.isOffline) return OFFLINE_ENDPOINT;
  if (!context.apiId || !context.stage) throw new Error('request context has no apiId/stage to reach the management API');
  return `https://${context.apiId}.execute-api.${config.region}.${dnsSuffix(config.region)}/${context.stage}`;
};

type ClientConfig = Pick<Config, 'region' | 'localCredentials' | 'broadcastConcurrency'>;

export interface GatewayTimeouts {
  connectionTimeoutMs: number;
  /**
   * A connection that does not answer within this (on the lean path, counted from when the request got a socket) is retried,
   * then reported failed, rather than holding its slot.
   */
  requestTimeoutMs: number;
}

export const DEFAULT_GATEWAY_TIMEOUTS: GatewayTimeouts = { connectionTimeoutMs: 2000, requestTimeoutMs: 3000 };

export interface GatewayClientOptions {
  /** Off: every PostToConnection goes through the SDK's middleware stack (for comparison and equivalence tests). */
  leanPost?: boolean;
}

/**
 * The management API client of the project: an SDK client with a keep-alive
 * socket pool sized to the broadcast concurrency, and a lean PostToConnection
 * path (see `FastGatewayClient`) that shares the pool, the timeouts, the
 * credentials, region, endpoint and clock offset of the SDK client. Each call
 * is one attempt; `broadcast()` does the retrying.
 */
export const createGatewayClient = (
  config: ClientConfig,
  endpoint: string,
  timeouts: GatewayTimeouts = DEFAULT_GATEWAY_TIMEOUTS,
  options: GatewayClientOptions = {},
): ApiGatewayManagementApiClient => {
  // The SDK's default agent keeps 50 sockets and queues the rest, capping a
  // broadcast far below its concurrency; keep-alive spares a TLS handshake per send.
  const sockets = config.broadcastConcurrency ?? DEFAULT_BROADCAST_CONCURRENCY;
  const agentOptions = { keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets };
  const agents = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
  const sdkConfig: ApiGatewayManagementApiClientConfig = {
    endpoint,
    region: config.region,
    ...(config.localCredentials === undefined ? {} : { credentials: config.localCredentials }),
    // One attempt per call: the broadcast retries throttling, 5xx and network errors from a budget of its own
    // (src/retry-budget.ts). The SDK's standard strategy would share one retry bucket across every broadcast
    // the container runs, and stop retrying once a busy container had drained it.
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({
      httpAgent: agents.http,
      httpsAgent: agents.https,
      connectionTimeout: timeouts.connectionTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      // Without this the SDK only logs a warning when the timeout passes and keeps waiting.
      throwOnRequestTimeout: true,
    }),
  };
  if (options.leanPost === false) return new ApiGatewayManagementApiClient(sdkConfig);
  return new FastGatewayClient(sdkConfig, { agents, ...timeouts });
};

const clients = new Map<string, ApiGatewayManagementApiClient>();

/** One client per endpoint per container, created on first use. */
export const gatewayClientFor = (config: ClientConfig, endpoint: string): ApiGatewayManagementApiClient => {
  let client = clients.get(endpoint);
  if (client === undefined) {
    client = createGatewayClient(config, endpoint);
    clients.set(endpoint, client);
  }
  return client;
};
