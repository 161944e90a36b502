/**
 * When to retry a PostToConnection that failed, and how long to wait first.
 * Each broadcast gets its own {@link RetryBudget}: the SDK's standard retry
 * strategy keeps one token bucket per client, shared by every broadcast the
 * container ever runs, so after about a hundred retried 429s (or a few dozen
 * timeouts) a busy container stopped retrying at all, and a 200-send burst of
 * 429s drained it within one broadcast.
 */
export interface RetryPolicy {
  /** Attempts per send, the first included. */
  maxAttempts: number;
  /** Backoff base for 5xx, timeouts and network errors: the wait before retry n is random in [0, base x 2^(n-1)). */
  baseDelayMs: number;
  /** Backoff base for throttling (429), longer as the SDK's: the account's rate limit needs time to refill. */
  throttlingBaseDelayMs: number;
  /** The longest wait before a retry. A `Retry-After` asking for more ends the send's retries instead. */
  maxDelayMs: number;
  /** Retries one broadcast may spend in all: this many per send (at least `minRetries`), so an outage at most doubles its requests. */
  retriesPerSend: number;
  minRetries: number;
}

/**
 * Three attempts, waits of at most 0.5 s and 1 s after a 429 (0.1 s and 0.2 s
 * otherwise), 2 s at most for any wait: a send's worst case stays well inside
 * a 15 s Lambda timeout (docs/deploy.md has the arithmetic).
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 100,
  throttlingBaseDelayMs: 500,
  maxDelayMs: 2000,
  retriesPerSend: 1,
  minRetries: 10,
};

export type RetryErrorType = 'THROTTLING' | 'TRANSIENT' | 'SERVER_ERROR' | 'CLIENT_ERROR';

// The SDK's service-error-classification lists (@smithy/core): the lean SQS client (src/adapters/sqs/lean-sqs.ts)
// retries as the SDK does, and SQS says `RequestThrottled`.
const THROTTLING_NAMES = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);
const TRANSIENT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

interface Classifiable {
  name?: string;
  /** The model's retryable trait, on the errors that carry it. */
  $retryable?: { throttling?: boolean };
  code?: string;
  message?: string;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number; clockSkewCorrected?: boolean };
  $response?: { headers?: Record<string, string | string[] | undefined> };
}

const isTransient = (error: Classifiable | undefined, depth = 0): boolean =>
  error !== undefined &&
  error.name !== 'AbortError' &&
  // The signer corrected the client's clock from the server's: the same request, signed again, will pass.
  (error.$retryable !== undefined ||
    error.$metadata?.clockSkewCorrected === true ||
    (error.name === 'InvalidSignatureException' && (error.message ?? '').includes('Signature expired')) ||
    TRANSIENT_NAMES.has(error.name ?? '') ||
    NETWORK_CODES.has(error.code ?? '') ||
    TRANSIENT_STATUSES.has(error.$metadata?.httpStatusCode ?? 0) ||
    (depth < 10 && typeof error.cause === 'object' && error.cause !== null && isTransient(error.cause, depth + 1)));

const classifiable = (error: unknown): Classifiable => (typeof error === 'object' && error !== null ? error : {});

/** How the SDK's retry middleware classifies an error; everything but CLIENT_ERROR is worth a retry. */
export const retryErrorType = (error: unknown): RetryErrorType => {
  const e = classifiable(error);
  const status = e.$metadata?.httpStatusCode;
  if (status === 429 || THROTTLING_NAMES.has(e.name ?? '') || e.$retryable?.throttling === true) return 'THROTTLING';
  if (isTransient(e)) return 'TRANSIENT';
  if (status !== undefined && status >= 500 && status <= 599) return 'SERVER_ERROR';
  return 'CLIENT_ERROR';
};

const header = (error: Classifiable, name: string): string | undefined => {
  const value = error.$response?.headers?.[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The wait the answer asked for: `Retry-After` (seconds, or an HTTP date) or `x-amz-retry-after` (ms). */
export const retryAfterMs = (error: unknown, now = Date.now()): number | undefined => {
  const e = classifiable(error);
  const retryAfter = header(e, 'retry-after');
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (retryAfter.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const ms = Number(header(e, 'x-amz-retry-after'));
  return header(e, 'x-amz-retry-after') !== undefined && Number.isFinite(ms) ? Math.max(0, ms) : undefined;
};

/**
 * One broadcast's retries: bounded attempts per send, exponential backoff with
 * full jitter, never sooner than a `Retry-After`, and a total drawn from this
 * broadcast's own allowance, whatever the container went through before.
 */
export class RetryBudget {
  private left: number;

  constructor(
    sends: number,
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
    private readonly random: () => number = Math.random,
  ) {
    this.left = Math.max(policy.minRetries, Math.ceil(policy.retriesPerSend * sends));
  }

  /** Retries this broadcast may still make. */
  get remaining(): number {
    return this.left;
  }

  /**
   * The wait before retrying a send whose attempt number `attempt` (1 = the
   * first) failed with `error`, spending one retry; `undefined` when it must
   * not be retried: a client error, its last attempt, a `Retry-After` longer
   * than the policy's longest wait, or the budget spent.
   */
  retryDelay(error: unknown, attempt: number): number | undefined {
    const type = retryErrorType(error);
    if (type === 'CLIENT_ERROR' || attempt >= this.policy.maxAttempts || this.left <= 0) return undefined;
    const asked = retryAfterMs(error);
    if (asked !== undefined && asked > this.policy.maxDelayMs) return undefined;
    const base = type === 'THROTTLING' ? this.policy.throttlingBaseDelayMs : this.policy.baseDelayMs;
    const backoff = this.random() * Math.min(this.policy.maxDelayMs, base * 2 ** (attempt - 1));
    this.left--;
    return Math.max(backoff, asked ?? 0);
  }
}
