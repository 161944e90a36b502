import { PostToConnectionCommand, type ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { PayloadRefusedError } from './errors';
import { Limits } from './protocol';

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
}

/**
 * Sends in flight per broadcast. API Gateway throttles the whole account at
 * 10,000 requests/s, management API calls included. With the ~20 ms round trip
 * of an in-region PostToConnection, 200 in flight is at most 200 / 0.02 s =
 * 10,000 sends/s: one broadcast can use the account's whole budget but not
 * exceed it, and a second concurrent broadcast meets 429s that the SDK retries
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

/**
 * Serialises the payload once and posts it to every connection, at most
 * `concurrency` at a time. Resolves only after every send has settled, and
 * never rejects because a connection failed: each one lands in the report.
 * Throttling (429) and 5xx are retried by the client's retry strategy before
 * they count as failed. Any ApiGatewayManagementApiClient will do; the
 * project's (`createGatewayClient`) sends each PostToConnection down a lean
 * path that costs a quarter of the SDK's CPU (docs/performance.md).
 *
 * Rejects, having sent nothing, when the payload cannot be serialised or is
 * over API Gateway's 128 KB message limit.
 *
 * The caller must `await` it (lint enforces this): on Lambda, a send still in
 * flight when the handler returns is frozen and lost.
 *
 * @example
 * const report = await broadcast(gateway, memberIds, event);
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

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const index = next++;
      const connectionId = ids[index] as string;
      try {
        await gateway.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: body }));
        outcomes[index] = { kind: 'delivered' };
      } catch (error) {
        outcomes[index] = statusOf(error) === GONE ? { kind: 'gone' } : { kind: 'failed', error: describe(error) };
      }
    }
  };
  const workers = Array.from({ length: Math.min(concurrency, ids.length) }, worker);
  await Promise.allSettled(workers);

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
