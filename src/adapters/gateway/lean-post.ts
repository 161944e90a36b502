import { createHash, randomUUID } from 'node:crypto';
import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import {
  PostToConnectionCommand,
  type ApiGatewayManagementApiClient,
  type PostToConnectionCommandInput,
  type PostToConnectionCommandOutput,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { lambdaTraceId } from '../../config';
import { exchange, type ExchangeTarget } from './http-exchange';
import { metadataOf, retryAfterHint, retryErrorType, serviceError, type ResponseMetadata } from './service-error';
import { LeanSigner, type SigningCredentials } from './sigv4';

type ResolvedConfig = ApiGatewayManagementApiClient['config'];
type RetryStrategy = Awaited<ReturnType<ResolvedConfig['retryStrategy']>>;

export interface LeanTransport {
  /** The agents of the client's request handler: both paths share one socket pool. */
  agents: { http: HttpAgent; https: HttpsAgent };
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
}

/** What the SDK would send for any PostToConnection, learnt once per client from the SDK itself. */
interface Route {
  target: ExchangeTarget;
  /** The request path around the connection id, e.g. `/prod/@connections/` and ``. */
  pathPrefix: string;
  pathSuffix: string;
  /** content-type, host, user agents: the headers that do not change between sends. */
  headers: Record<string, string>;
  signer: LeanSigner;
}

const PROBE_ID = 'lean-post-probe';
const EMPTY = new Uint8Array(0);
// Headers that belong to one send (or one invocation) and must not be replayed from the probe.
const PER_SEND_HEADERS = new Set(['content-length', 'amz-sdk-invocation-id', 'amz-sdk-request', 'x-amzn-trace-id', 'traceparent', 'tracestate', 'baggage']);

class RouteCaptured extends Error {}

/** The SDK's label encoding (RFC 3986 plus `!'()*`), so paths and signatures match its own byte for byte. */
const encodeLabel = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const hashes = new WeakMap<Uint8Array, { hash: string; copy: Buffer }>();

/**
 * SHA-256 of a body, hashed once per buffer: a broadcast shares one buffer
 * across every send. A copy is kept to check the buffer has not changed since:
 * comparing bytes costs a fraction of hashing them (about 10 µs against 250 µs
 * for a 128 KB message), and a stale hash would be a signature AWS refuses.
 */
const payloadHash = (body: Uint8Array): string => {
  const cached = hashes.get(body);
  if (cached !== undefined && cached.copy.equals(body)) return cached.hash;
  const hash = createHash('sha256').update(body).digest('hex');
  hashes.set(body, { hash, copy: Buffer.from(body) });
  return hash;
};

const isRetryStrategyV2 = (strategy: RetryStrategy): strategy is Extract<RetryStrategy, { acquireInitialRetryToken: unknown }> =>
  'acquireInitialRetryToken' in strategy && 'refreshRetryTokenForRetry' in strategy && 'recordSuccess' in strategy;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * PostToConnection without the SDK's per-request machinery: the endpoint,
 * path shape, headers and signer are learnt once by running one probe command
 * through the client's own middleware stack (stopped before it reaches the
 * network), then each send only signs (with the body hash computed once per
 * buffer) and posts over the client's own keep-alive agents. It keeps the
 * client's credentials, region, endpoint, retry strategy and attempts, and
 * answers with the SDK's output and error shapes.
 */
export class LeanPoster {
  private route: Promise<Route | undefined> | undefined;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly transport: LeanTransport,
    /** The client's ordinary send, for the probe and for whatever the lean path does not cover. */
    private readonly viaSdk: (command: PostToConnectionCommand) => Promise<PostToConnectionCommandOutput>,
  ) {}

  async post(command: PostToConnectionCommand): Promise<PostToConnectionCommandOutput> {
    const body = bytesOf(command.input);
    if (body === undefined || !command.input.ConnectionId) return await this.viaSdk(command);
    let route: Route | undefined;
    try {
      route = await this.routeOnce();
    } catch {
      // The probe met what this command would meet (no credentials, no endpoint): let the SDK report it as it would.
      return await this.viaSdk(command);
    }
    if (route === undefined) return await this.viaSdk(command);
    const strategy = await this.config.retryStrategy();
    if (!isRetryStrategyV2(strategy)) return await this.viaSdk(command);
    return await this.withRetries(strategy, route, command.input.ConnectionId, body);
  }

  private async routeOnce(): Promise<Route | undefined> {
    this.route ??= this.capture();
    try {
      return await this.route;
    } catch (error) {
      // A failed probe (say, credentials not yet available) is not cached: the next send tries again.
      this.route = undefined;
      throw error;
    }
  }

  private async capture(): Promise<Route | undefined> {
    let seen: { request: unknown; context: Record<string, unknown> } | undefined;
    const probe = new PostToConnectionCommand({ ConnectionId: PROBE_ID, Data: EMPTY });
    probe.middlewareStack.add(
      (_next, context) => (args) => {
        seen = { request: args.request, context };
        return Promise.reject(new RouteCaptured());
      },
      { step: 'build', priority: 'low', name: 'leanPostCaptureMiddleware' },
    );
    try {
      await this.viaSdk(probe);
    } catch (error) {
      if (!(error instanceof RouteCaptured)) throw error;
    }
    if (seen === undefined) return undefined;
    const request = seen.request as { protocol: string; hostname: string; port?: number; path: string; query?: object; headers: Record<string, string> };
    const scheme = (seen.context.__smithy_context as { selectedHttpAuthScheme?: { httpAuthOption?: { schemeId?: string; signingProperties?: Record<string, unknown> } } } | undefined)
      ?.selectedHttpAuthScheme?.httpAuthOption;
    const probePath = encodeLabel(PROBE_ID);
    const at = request.path.lastIndexOf(probePath);
    // Anything but plain SigV4 on a path with the id in it (a custom signer set-up, a query string) stays on the SDK path.
    if (scheme?.schemeId !== 'aws.auth#sigv4' || at < 0 || Object.keys(request.query ?? {}).length > 0) return undefined;
    const properties = scheme.signingProperties ?? {};
    const authScheme = (seen.context.endpointV2 as { properties?: { authSchemes?: { signingRegion?: string; signingName?: string }[] } } | undefined)?.properties
      ?.authSchemes?.[0];
    // Where the SDK's signer takes them from: the endpoint's auth scheme, else the operation's auth option.
    const region = authScheme?.signingRegion ?? properties.signingRegion ?? properties.region;
    const service = authScheme?.signingName ?? properties.signingName ?? properties.name;
    if (typeof region !== 'string' || typeof service !== 'string') return undefined;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) if (!PER_SEND_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
    return {
      target: { protocol: request.protocol, hostname: request.hostname, port: request.port, agents: this.transport.agents, ...this.timeouts() },
      pathPrefix: request.path.slice(0, at),
      pathSuffix: request.path.slice(at + probePath.length),
      headers,
      signer: new LeanSigner({ region, service, escapePath: this.config.signingEscapePath !== false }),
    };
  }

  /** The client's resolved credential provider: memoised by the SDK, refreshed by it before expiry. */
  private async credentials(): Promise<SigningCredentials> {
    const credentials = (await this.config.credentials()) as Partial<SigningCredentials> | undefined;
    if (typeof credentials?.accessKeyId !== 'string' || typeof credentials.secretAccessKey !== 'string') {
      throw new Error('Resolved credential object is not valid');
    }
    return credentials as SigningCredentials;
  }

  private timeouts() {
    return { connectionTimeoutMs: this.transport.connectionTimeoutMs, requestTimeoutMs: this.transport.requestTimeoutMs };
  }

  /** The SDK retry middleware's loop, over the client's own retry strategy (same attempts, backoff and retry quota). */
  private async withRetries(
    strategy: Extract<RetryStrategy, { acquireInitialRetryToken: unknown }>,
    route: Route,
    connectionId: string,
    body: Uint8Array,
  ): Promise<PostToConnectionCommandOutput> {
    const maxAttempts = await this.config.maxAttempts();
    const invocationId = randomUUID();
    let token = await strategy.acquireInitialRetryToken('');
    let attempts = 0;
    let totalRetryDelay = 0;
    for (;;) {
      try {
        const $metadata = await this.attempt(route, connectionId, body, { invocationId, request: `attempt=${attempts + 1}; max=${maxAttempts}` });
        strategy.recordSuccess(token);
        return { $metadata: { ...$metadata, attempts: attempts + 1, totalRetryDelay } };
      } catch (error) {
        const hint = error instanceof Error ? retryHints.get(error) : undefined;
        try {
          token = await strategy.refreshRetryTokenForRetry(token, { errorType: retryErrorType(error), ...(hint === undefined ? {} : { retryAfterHint: hint }) });
        } catch {
          throw withAttempts(error, attempts + 1, totalRetryDelay);
        }
        attempts = token.getRetryCount();
        const delay = token.getRetryDelay();
        totalRetryDelay += ((token as { $retryLog?: { acquisitionDelay?: number } }).$retryLog?.acquisitionDelay ?? 0) + delay;
        if (delay > 0) await pause(delay);
      }
    }
  }

  private async attempt(route: Route, connectionId: string, body: Uint8Array, sdk: { invocationId: string; request: string }): Promise<ResponseMetadata> {
    const path = route.pathPrefix + encodeLabel(connectionId) + route.pathSuffix;
    const hash = payloadHash(body);
    const headers: Record<string, string> = {
      ...route.headers,
      'content-length': String(body.byteLength),
      'amz-sdk-invocation-id': sdk.invocationId,
      'amz-sdk-request': sdk.request,
      // Sent and signed by the SDK too; here it costs no hashing, the body's hash is computed once per buffer.
      'x-amz-content-sha256': hash,
    };
    // What the SDK's recursion-detection middleware adds on Lambda; read per send, as it changes per invocation.
    const trace = lambdaTraceId();
    if (trace !== undefined) headers['x-amzn-trace-id'] = trace;
    route.signer.sign('POST', path, headers, hash, await this.credentials(), Date.now() + (this.config.systemClockOffset ?? 0));
    const { target } = route;
    const answer = await exchange(target, path, headers, body);
    const metadata = metadataOf(answer.statusCode, answer.headers);
    if (answer.statusCode >= 200 && answer.statusCode < 300) return metadata;
    const error = serviceError(answer.statusCode, answer.headers, answer.body, metadata);
    const hint = retryAfterHint(answer.headers);
    if (hint !== undefined) retryHints.set(error, hint);
    throw error;
  }
}

const retryHints = new WeakMap<Error, Date>();

const bytesOf = (input: PostToConnectionCommandInput): Uint8Array | undefined => {
  const data: unknown = input.Data;
  if (data instanceof Uint8Array) return data;
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  // Streams, Blobs and the like: rare here, and the SDK knows how to read them.
  return undefined;
};

const withAttempts = (error: unknown, attempts: number, totalRetryDelay: number): unknown => {
  if (typeof error === 'object' && error !== null) {
    const target = error as { $metadata?: ResponseMetadata };
    target.$metadata = { ...target.$metadata, attempts, totalRetryDelay };
  }
  return error;
};
