import { PostToConnectionCommand, type ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { DeadlineExceededError, PayloadRefusedError } from './errors';
import { Limits } from './protocol';
import { DEFAULT_RETRY_POLICY, RetryBudget, type RetryPolicy } from './retry-budget';

/** What happened to each connection of one broadcast. */
export interface BroadcastReport {
  delivered: string[];
  /** Answered HTTP 410: the connection no longer exists and must be pruned. */
  gone: string[];
  failed: { connectionId: string; error: string }[];
}

export interface BroadcastOptions {
  /** Sends in flight at once; defaults to {@link DEFAULT_BROADCAST_CONCURRENCY}. */
  concurrency?: number;
  /**
   * When the broadcast must be over, in epoch ms (`Date.now()`'s clock): no
   * send starts and no retry is scheduled past it, and sends still in flight
   * then are aborted. Each is reported failed with a `DeadlineExceededError`,
   * and the broadcast resolves, leaving the caller time to log and answer
   * before Lambda stops it. On Lambda:
   * `Date.now() + context.getRemainingTimeInMillis() - margin`.
   */
  deadline?: number;
  /** Overrides of {@link DEFAULT_RETRY_POLICY}. */
  retry?: Partial<RetryPolicy>;
  /** The backoff jitter's randomness, [0, 1); `Math.random` by default. */
  random?: () => number;
}

/**
 * Sends in flight per broadcast. API Gateway throttles the whole account at
 * 10,000 requests/s, management API calls included. With the ~20 ms round trip
 * of an in-region PostToConnection, 200 in flight is at most 200 / 0.02 s =
 * 10,000 sends/s: one broadcast can use the account's whole budget but not
 * exceed it, and a second concurrent broadcast meets 429s that it retries
 * with backoff. Fewer sockets would leave a 10,000-member room waiting on round
 * trips; more would only buy throttling. The HTTP agent of the gateway client
 * is sized to match (see `adapters/gateway/client.ts`).
 */
export const DEFAULT_BROADCAST_CONCURRENCY = 200;

/** HTTP status with which API Gateway (GoneException) and serverless offline (bare 410) mark a closed connection. */
const GONE = 410;

type Outcome = { kind: 'delivered' } | { kind: 'gone' } | { kind: 'failed'; error: string };

const statusOf = (error: unknown): number | undefined =>
  (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;

const describe = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  const status = statusOf(error);
  return `${error.name}${status === undefined ? '' : ` (HTTP ${status})`}: ${error.message}`;
};

/** Resolves after `ms`, or as soon as `signal` aborts. */
const pause = async (ms: number, signal: AbortSignal | undefined): Promise<void> =>
  await new Promise<void>((resolve) => {
    if (signal?.aborted === true) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

const failed = (error: unknown): Outcome => ({ kind: 'failed', error: describe(error) });

/**
 * Serialises the payload once and posts it to every connection, at most
 * `concurrency` at a time. Resolves only after every send has settled, and
 * never rejects because a connection failed: each one lands in the report.
 * Throttling (429), 5xx and network errors are retried from this broadcast's
 * own retry budget (`retry-budget.ts`) before they count as failed; with a
 * `deadline`, what the deadline stops is failed too. Any
 * ApiGatewayManagementApiClient will do; the project's (`createGatewayClient`)
 * makes one attempt per call, leaving retries to this, and sends each
 * PostToConnection down a lean path that costs a quarter of the SDK's CPU
 * (docs/performance.md).
 *
 * Rejects, having sent nothing, when the payload cannot be serialised or is
 * over API Gateway's 128 KB message limit.
 *
 * The caller must `await` it (lint enforces this): on Lambda, a send still in
 * flight when the handler returns is frozen and lost.
 *
 * @example
 * const report = await broadcast(gateway, memberIds, event, { deadline: Date.now() + context.getRemainingTimeInMillis() - 1000 });
 * await connections.prune(report.gone);
 */
export const broadcast = async (
  gateway: ApiGatewayManagementApiClient,
  connectionIds: readonly string[],
  payload: unknown,
  options: BroadcastOptions = {},
): Promise<BroadcastReport> => {
  const body = serialise(payload);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_BROADCAST_CONCURRENCY));
  // A duplicated id would deliver the same event twice to one player.
  const ids = [...new Set(connectionIds)];
  const outcomes: Outcome[] = new Array<Outcome>(ids.length);
  const budget = new RetryBudget(ids.length, { ...DEFAULT_RETRY_POLICY, ...options.retry }, options.random);
  const { deadline } = options;
  const abort = deadline === undefined ? undefined : new AbortController();
  const signal = abort?.signal;
  const pastDeadline = () => deadline !== undefined && (signal?.aborted === true || Date.now() >= deadline);

  const sendTo = async (connectionId: string): Promise<Outcome> => {
    for (let attempt = 1; ; attempt++) {
      if (pastDeadline()) return failed(new DeadlineExceededError(attempt === 1 ? 'not sent: the broadcast reached its deadline first' : 'not retried: the broadcast reached its deadline'));
      try {
        const command = new PostToConnectionCommand({ ConnectionId: connectionId, Data: body });
        await (signal === undefined ? gateway.send(command) : gateway.send(command, { abortSignal: signal }));
        return { kind: 'delivered' };
      } catch (error) {
        if (statusOf(error) === GONE) return { kind: 'gone' };
        if (signal?.aborted === true) return failed(new DeadlineExceededError('aborted in flight at the broadcast’s deadline (the message may have arrived)'));
        const delay = budget.retryDelay(error, attempt);
        if (delay === undefined) return failed(error);
        if (deadline !== undefined && Date.now() + delay >= deadline) {
          return failed(new DeadlineExceededError(`no retry past the broadcast’s deadline after ${describe(error)}`));
        }
        if (delay > 0) await pause(delay, signal);
      }
    }
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const index = next++;
      outcomes[index] = await sendTo(ids[index] as string);
    }
  };
  const timer = abort === undefined ? undefined : setTimeout(() => abort.abort(), Math.max(0, (deadline as number) - Date.now()));
  try {
    await Promise.allSettled(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  } finally {
    clearTimeout(timer);
  }

  const report: BroadcastReport = { delivered: [], gone: [], failed: [] };
  ids.forEach((connectionId, index) => {
    const outcome = outcomes[index];
    if (outcome === undefined) {
      // Unreachable while workers catch per send; kept so a future bug reports instead of vanishing.
      report.failed.push({ connectionId, error: 'send never settled' });
    } else if (outcome.kind === 'delivered') report.delivered.push(connectionId);
    else if (outcome.kind === 'gone') report.gone.push(connectionId);
    else report.failed.push({ connectionId, error: outcome.error });
  });
  return report;
};

/** One serialisation per broadcast; every send shares this buffer. */
export const serialise = (payload: unknown): Uint8Array => {
  const text = JSON.stringify(payload) as string | undefined;
  if (text === undefined) throw new TypeError('broadcast payload is not JSON-serialisable');
  const body = Buffer.from(text, 'utf8');
  if (body.byteLength > Limits.maxOutboundBytes) {
    throw new PayloadRefusedError(body.byteLength, Limits.maxOutboundBytes);
  }
  return body;
};
