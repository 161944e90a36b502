import { createHash, randomUUID } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { lambdaTraceId } from '../../config';
import { retryAfterMs, retryErrorType } from '../../retry-budget';
import { exchange, type Exchange, type ExchangeTarget } from '../gateway/http-exchange';
import { metadataOf, type ResponseMetadata } from '../gateway/service-error';
import { LeanSigner, type SigningCredentials } from '../gateway/sigv4';
import type { SendMessageBatchInput, SendMessageBatchOutput, SendMessageInput, SendMessageOutput, SqsSender } from './sender';
import { parseSqsBody, sqsError } from './sqs-errors';

/** One HTTP exchange; `exchange` (Node's HTTP client) unless a test captures requests instead. */
export type SqsTransport = (target: ExchangeTarget, path: string, headers: Record<string, string>, body: Uint8Array) => Promise<Exchange>;

export interface LeanSqsOptions {
  region: string;
  /** The credentials to sign with, resolved per request (production: an SDK client's memoised provider chain). */
  credentials: () => Promise<SigningCredentials>;
  /** The SDK's default: 3. */
  maxAttempts?: number;
  transport?: SqsTransport;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

// The SDK's standard retry strategy (@smithy/core util-retry, its 2026 settings): backoff bases, the longest
// wait, and a retry quota per client, spent by each retry and refunded by successes.
const BASE_DELAY_MS = 50;
const THROTTLING_BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 20_000;
const RETRY_AFTER_EXTRA_MS = 5000;
const QUOTA = 500;
const RETRY_COST = 14;
const THROTTLING_RETRY_COST = 5;
/** The SDK's threshold (@aws-sdk/core): a signing clock this far from the server's caused the error. */
const SKEWED_MS = 240_000;
/** An answer that took longer than this says nothing about the server's clock (the SDK ignores it too). */
const STALE_ANSWER_MS = 900_000;

const CONTENT_TYPE = 'application/x-amz-json-1.0';
const USER_AGENT = 'serverless-arena/lean-sqs';

const sha256 = (body: Uint8Array): string => createHash('sha256').update(body).digest('hex');
const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const header = (headers: Exchange['headers'], name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Keeps the SDK's `$metadata.attempts` and `totalRetryDelay` on whatever is thrown. */
const withAttempts = (error: unknown, attempts: number, totalRetryDelay: number): unknown => {
  if (typeof error === 'object' && error !== null) {
    const target = error as { $metadata?: ResponseMetadata };
    target.$metadata ??= {};
    target.$metadata.attempts = attempts;
    target.$metadata.totalRetryDelay = totalRetryDelay;
  }
  return error;
};

/**
 * SendMessage and SendMessageBatch without the SDK's SQS client: the AWS JSON
 * 1.0 request the client sends (`X-Amz-Target: AmazonSQS.<operation>`, the
 * query-compatible mode header, the JSON body with its members in the model's
 * order) to the queue URL's host, signed with SigV4 by the project's signer,
 * over a keep-alive pool like the SDK's (50 sockets, no timeouts). It answers
 * with the SDK's outputs, checks the MD5 of each message body as the SDK does,
 * throws the SDK's errors (`./sqs-errors.ts`), and retries as the SDK's
 * standard strategy does: three attempts, throttling and transient errors
 * only, the same backoff, `Retry-After`, retry quota, and the clock offset
 * learnt from every answer's `Date`.
 *
 * Why not the SDK's client: its package, its protocol's serde and its MD5 code
 * are about 24 kB of every handler's bundle (docs/performance.md, "Bundle size").
 */
export class LeanSqs implements SqsSender {
  private readonly signer: LeanSigner;
  private readonly agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 50 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 50 }) };
  private readonly maxAttempts: number;
  private readonly transport: SqsTransport;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private capacity = QUOTA;
  /** The client's `systemClockOffset`: the server's clock minus this machine's, from the last answer's `Date`. */
  clockOffset = 0;

  constructor(private readonly options: LeanSqsOptions) {
    this.signer = new LeanSigner({ region: options.region, service: 'sqs', escapePath: true });
    this.maxAttempts = options.maxAttempts ?? 3;
    this.transport = options.transport ?? (async (target, path, headers, body) => await exchange(target, path, headers, body));
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? pause;
  }

  /** Retries left in the quota (the SDK's `getCapacity()`). */
  get quota(): number {
    return this.capacity;
  }

  async sendMessage(input: SendMessageInput): Promise<SendMessageOutput> {
    const { data, $metadata } = await this.call('SendMessage', input.QueueUrl, {
      QueueUrl: input.QueueUrl,
      MessageBody: input.MessageBody,
      ...(input.DelaySeconds === undefined ? {} : { DelaySeconds: input.DelaySeconds }),
    });
    const output: SendMessageOutput = { $metadata };
    for (const key of ['MD5OfMessageBody', 'MD5OfMessageAttributes', 'MD5OfMessageSystemAttributes', 'MessageId', 'SequenceNumber']) {
      if (data[key] !== undefined && data[key] !== null) (output as unknown as Record<string, unknown>)[key] = data[key];
    }
    // The SDK's check (@aws-sdk/middleware-sdk-sqs), after its retries: what SQS stored is what was sent.
    if (output.MD5OfMessageBody !== md5(input.MessageBody || '')) throw new Error('InvalidChecksumError');
    return output;
  }

  async sendMessageBatch(input: SendMessageBatchInput): Promise<SendMessageBatchOutput> {
    const { data, $metadata } = await this.call('SendMessageBatch', input.QueueUrl, {
      QueueUrl: input.QueueUrl,
      Entries: input.Entries.map((entry) => ({ Id: entry.Id, MessageBody: entry.MessageBody, ...(entry.DelaySeconds === undefined ? {} : { DelaySeconds: entry.DelaySeconds }) })),
    });
    const output: SendMessageBatchOutput = { $metadata };
    if (Array.isArray(data.Successful)) output.Successful = data.Successful as NonNullable<SendMessageBatchOutput['Successful']>;
    if (Array.isArray(data.Failed)) output.Failed = data.Failed as NonNullable<SendMessageBatchOutput['Failed']>;
    const stored = new Map((output.Successful ?? []).map((entry) => [entry.Id, entry]));
    const corrupted = input.Entries.flatMap((entry) => {
      const result = stored.get(entry.Id);
      return result !== undefined && result.MD5OfMessageBody !== md5(entry.MessageBody || '') ? [result.MessageId] : [];
    });
    if (corrupted.length > 0) throw new Error(`Invalid MD5 checksum on messages: ${corrupted.join(', ')}`);
    return output;
  }

  private async call(operation: string, queueUrl: string, input: object): Promise<{ data: Record<string, unknown>; $metadata: ResponseMetadata }> {
    // The SDK sends to the queue URL's host (its queueUrlMiddleware), at the path `/`.
    const url = new URL(queueUrl);
    const target: ExchangeTarget = {
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port === '' ? undefined : Number(url.port),
      agents: this.agents,
      connectionTimeoutMs: 0,
      requestTimeoutMs: 0,
      readSuccessBody: true,
    };
    const body = Buffer.from(JSON.stringify(input), 'utf8');
    const hash = sha256(body);
    const invocationId = randomUUID();
    let retries = 0;
    let totalRetryDelay = 0;
    let lastCost: number | undefined;
    for (;;) {
      const headers: Record<string, string> = {
        'content-type': CONTENT_TYPE,
        'x-amz-target': `AmazonSQS.${operation}`,
        'x-amzn-query-mode': 'true',
        'content-length': String(body.byteLength),
        'x-amz-user-agent': USER_AGENT,
        'user-agent': USER_AGENT,
        host: url.host,
        'amz-sdk-invocation-id': invocationId,
        'amz-sdk-request': `attempt=${retries + 1}; max=${this.maxAttempts}`,
        'x-amz-content-sha256': hash,
      };
      // What the SDK's recursion-detection middleware adds on Lambda; read per request, as it changes per invocation.
      const trace = lambdaTraceId();
      if (trace !== undefined) headers['x-amzn-trace-id'] = trace;
      const offsetBefore = this.clockOffset;
      this.signer.sign('POST', '/', headers, hash, await this.credentials(), Date.now() + offsetBefore);
      const sentAt = Date.now();
      let error: unknown;
      try {
        const answer = await this.transport(target, '/', headers, body);
        this.learnClock(answer.headers, sentAt);
        const metadata = metadataOf(answer.statusCode, answer.headers);
        if (answer.statusCode >= 200 && answer.statusCode < 300) {
          const data = parseSqsBody(answer.statusCode, answer.headers, answer.body, metadata);
          this.capacity = Math.min(QUOTA, this.capacity + (lastCost ?? 1));
          return { data, $metadata: { ...metadata, attempts: retries + 1, totalRetryDelay } };
        }
        error = sqsError(answer.statusCode, answer.headers, answer.body, metadata);
        // The SDK's signer marks an error whose answer moved the clock past its threshold: signed again, it passes.
        if (Math.abs(this.clockOffset) >= SKEWED_MS && this.clockOffset !== offsetBefore) (error as { $metadata: ResponseMetadata & { clockSkewCorrected?: boolean } }).$metadata.clockSkewCorrected = true;
      } catch (thrown) {
        error = thrown;
      }
      const type = retryErrorType(error);
      const cost = type === 'THROTTLING' ? THROTTLING_RETRY_COST : RETRY_COST;
      if ((type !== 'THROTTLING' && type !== 'TRANSIENT') || retries + 1 >= this.maxAttempts || this.capacity < cost) {
        throw withAttempts(error, retries + 1, totalRetryDelay);
      }
      let delay = Math.floor(this.random() * Math.min((type === 'THROTTLING' ? THROTTLING_BASE_DELAY_MS : BASE_DELAY_MS) * 2 ** retries, MAX_DELAY_MS));
      const asked = retryAfterMs(error);
      if (asked !== undefined) delay = Math.max(delay, Math.min(asked, delay + RETRY_AFTER_EXTRA_MS));
      this.capacity -= cost;
      lastCost = cost;
      await this.sleep(delay);
      totalRetryDelay += delay;
      retries++;
    }
  }

  /** As the SDK's signer does with every answer: the offset is the server's `Date` less now, unless a cache answered (`Age`). */
  private learnClock(headers: Exchange['headers'], sentAt: number): void {
    const serverTime = Date.parse(header(headers, 'date') ?? '');
    const now = Date.now();
    if (header(headers, 'age') !== undefined || Number.isNaN(serverTime) || now - sentAt > STALE_ANSWER_MS) return;
    this.clockOffset = serverTime - now;
  }

  private async credentials(): Promise<SigningCredentials> {
    const credentials = (await this.options.credentials()) as Partial<SigningCredentials> | undefined;
    if (typeof credentials?.accessKeyId !== 'string' || typeof credentials.secretAccessKey !== 'string') throw new Error('Resolved credential object is not valid');
    return credentials as SigningCredentials;
  }
}
