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
import { metadataOf, serviceError, type ResponseMetadata } from './service-error';
import { LeanSigner, type SigningCredentials } from './sigv4';

type ResolvedConfig = ApiGatewayManagementApiClient['config'];

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

// The SDK's clock-skew error names (@smithy/core's CLOCK_SKEW_ERROR_CODES), and how API Gateway words a skewed signature.
const CLOCK_SKEW_NAMES = new Set(['AccessDeniedException', 'AuthFailure', 'InvalidSignatureException', 'RequestExpired', 'RequestInTheFuture', 'RequestTimeTooSkewed', 'SignatureDoesNotMatch']);
const SKEW_MESSAGE = /signature expired|signature not yet current|too skewed|in the future/i;
/** The SDK's threshold (@aws-sdk/core `isClockSkewed`): a signing clock this far from the server's is the error's cause. */
const SKEWED_MS = 240_000;

const header = (headers: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * The client's clock offset the server's `Date` implies, when `error` is a
 * refused signature and the offset used to sign was off by more than the SDK
 * tolerates; otherwise undefined (a wrong secret is no reason to retry). An
 * `Age` header means a cache answered, with a stale `Date`.
 */
const correctedOffset = (error: unknown, usedOffset: number): number | undefined => {
  const e = error as { name?: string; message?: string; $metadata?: ResponseMetadata; $response?: { headers?: Record<string, string | string[] | undefined> } };
  const skewError = CLOCK_SKEW_NAMES.has(e.name ?? '') || (e.$metadata?.httpStatusCode === 403 && SKEW_MESSAGE.test(e.message ?? ''));
  const headers = e.$response?.headers ?? {};
  const serverTime = Date.parse(header(headers, 'date') ?? '');
  if (!skewError || header(headers, 'age') !== undefined || !Number.isFinite(serverTime)) return undefined;
  const now = Date.now();
  return Math.abs(now + usedOffset - serverTime) >= SKEWED_MS ? serverTime - now : undefined;
};

/**
 * PostToConnection without the SDK's per-request machinery: the endpoint,
 * path shape, headers and signer are learnt once by running one probe command
 * through the client's own middleware stack (stopped before it reaches the
 * network), then each send only signs (with the body hash computed once per
 * buffer) and posts over the client's own keep-alive agents. It keeps the
 * client's credentials, region, endpoint and clock offset, and answers with
 * the SDK's output and error shapes.
 *
 * One attempt per call, as the project's client is configured (`maxAttempts:
 * 1`): retries belong to the broadcast, which has a budget of its own. The one
 * exception is the SDK's own: a signature refused because this machine's clock
 * is off corrects the client's `systemClockOffset` from the server's `Date`
 * and is sent again at once, signed with the corrected clock.
 */
export class LeanPoster {
  private route: Promise<Route | undefined> | undefined;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly transport: LeanTransport,
    /** The client's ordinary send, for the probe and for whatever the lean path does not cover. */
    private readonly viaSdk: (command: PostToConnectionCommand) => Promise<PostToConnectionCommandOutput>,
  ) {}

  async post(command: PostToConnectionCommand, signal?: AbortSignal): Promise<PostToConnectionCommandOutput> {
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
    const connectionId = command.input.ConnectionId;
    const invocationId = randomUUID();
    // Judged against the offset this send was signed with: another send may have corrected the clock meanwhile.
    const signedWith = this.offset();
    try {
      return { $metadata: { ...(await this.attempt(route, connectionId, body, invocationId, 1, signal, signedWith)), attempts: 1, totalRetryDelay: 0 } };
    } catch (error) {
      const offset = correctedOffset(error, signedWith);
      if (offset === undefined) throw withAttempts(error, 1);
      this.config.systemClockOffset = offset;
    }
    try {
      return { $metadata: { ...(await this.attempt(route, connectionId, body, invocationId, 2, signal, this.offset())), attempts: 2, totalRetryDelay: 0 } };
    } catch (error) {
      throw withAttempts(error, 2);
    }
  }

  /** The client's clock offset, shared with its SDK path (whose signer also corrects it). */
  private offset(): number {
    return this.config.systemClockOffset ?? 0;
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

  private async attempt(
    route: Route,
    connectionId: string,
    body: Uint8Array,
    invocationId: string,
    attempt: number,
    signal: AbortSignal | undefined,
    clockOffset: number,
  ): Promise<ResponseMetadata> {
    const path = route.pathPrefix + encodeLabel(connectionId) + route.pathSuffix;
    const hash = payloadHash(body);
    const headers: Record<string, string> = {
      ...route.headers,
      'content-length': String(body.byteLength),
      'amz-sdk-invocation-id': invocationId,
      'amz-sdk-request': `attempt=${attempt}; max=${attempt}`,
      // Sent and signed by the SDK too; here it costs no hashing, the body's hash is computed once per buffer.
      'x-amz-content-sha256': hash,
    };
    // What the SDK's recursion-detection middleware adds on Lambda; read per send, as it changes per invocation.
    const trace = lambdaTraceId();
    if (trace !== undefined) headers['x-amzn-trace-id'] = trace;
    route.signer.sign('POST', path, headers, hash, await this.credentials(), Date.now() + clockOffset);
    const answer = await exchange(route.target, path, headers, body, signal);
    const metadata = metadataOf(answer.statusCode, answer.headers);
    if (answer.statusCode >= 200 && answer.statusCode < 300) return metadata;
    throw serviceError(answer.statusCode, answer.headers, answer.body, metadata);
  }
}

const bytesOf = (input: PostToConnectionCommandInput): Uint8Array | undefined => {
  const data: unknown = input.Data;
  if (data instanceof Uint8Array) return data;
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  // Streams, Blobs and the like: rare here, and the SDK knows how to read them.
  return undefined;
};

const withAttempts = (error: unknown, attempts: number): unknown => {
  if (typeof error === 'object' && error !== null) {
    const target = error as { $metadata?: ResponseMetadata };
    target.$metadata = { ...target.$metadata, attempts, totalRetryDelay: 0 };
  }
  return error;
};
