import { request as httpRequest, type Agent as HttpAgent, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';

export interface Exchange {
  statusCode: number;
  headers: IncomingHttpHeaders;
  /** Collected for non-2xx answers (the error body), and for a success only when the target's `readSuccessBody` says so. */
  body: Buffer;
}

export interface ExchangeTarget {
  protocol: string;
  hostname: string;
  port: number | undefined;
  agents: { http: HttpAgent; https: HttpsAgent };
  /** 0: none (as the SDK's NodeHttpHandler reads 0). */
  connectionTimeoutMs: number;
  /** 0: none. */
  requestTimeoutMs: number;
  /** Collect a success's body too (a PostToConnection's is empty and drained unread; an SQS answer is the result). */
  readSuccessBody?: boolean;
}

const EMPTY = Buffer.alloc(0);

// Same names and codes as @smithy/node-http-handler's timeouts and aborts, so callers classify them alike.
const timeoutError = (message: string): Error => Object.assign(new Error(message), { name: 'TimeoutError', code: 'ETIMEDOUT' });
const abortError = (): Error => Object.assign(new Error('Request aborted'), { name: 'AbortError' });

/**
 * One POST over Node's HTTP client and the given keep-alive agents: resolves
 * with the status and headers (and the body of an error), rejects on a socket
 * error, when `signal` aborts, when the request outlives `requestTimeoutMs`,
 * or when a new socket takes longer than `connectionTimeoutMs` to connect.
 *
 * Both timers start when the agent hands the request a socket, not when the
 * request is made: a broadcast (or the fan-out worker's ten at once) queues
 * far more requests than the pool has sockets, and a timer running while a
 * request waits in the agent's queue would time out requests that were never
 * sent. What waits is bounded by the broadcast's own deadline instead.
 */
export const exchange = async (target: ExchangeTarget, path: string, headers: OutgoingHttpHeaders, body: Uint8Array, signal?: AbortSignal): Promise<Exchange> =>
  await new Promise<Exchange>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(abortError());
      return;
    }
    const secure = target.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    const request = send({
      agent: secure ? target.agents.https : target.agents.http,
      hostname: target.hostname,
      ...(target.port === undefined ? {} : { port: target.port }),
      method: 'POST',
      path,
      headers,
    });
    let requestTimer: NodeJS.Timeout | undefined;
    let connectTimer: NodeJS.Timeout | undefined;
    const onAbort = () => request.destroy(abortError());
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => {
      clearTimeout(requestTimer);
      clearTimeout(connectTimer);
      signal?.removeEventListener('abort', onAbort);
    };
    request.once('socket', (socket: Socket) => {
      if (target.requestTimeoutMs > 0) {
        requestTimer = setTimeout(
          () => request.destroy(timeoutError(`a request has exceeded the configured ${target.requestTimeoutMs} ms requestTimeout.`)),
          target.requestTimeoutMs,
        );
      }
      // Only a socket the agent has to open can be slow to connect; a pooled one is already connected.
      if (!socket.connecting || target.connectionTimeoutMs <= 0) return;
      connectTimer = setTimeout(
        () => request.destroy(timeoutError(`the request socket did not establish a connection with the server within ${target.connectionTimeoutMs} ms.`)),
        target.connectionTimeoutMs,
      );
      socket.once('connect', () => clearTimeout(connectTimer));
    });
    request.once('error', (error) => {
      settle();
      reject(error);
    });
    request.once('response', (response) => {
      const statusCode = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      if (statusCode >= 200 && statusCode < 300 && target.readSuccessBody !== true) response.resume();
      else response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('end', () => {
        settle();
        resolve({ statusCode, headers: response.headers, body: chunks.length === 0 ? EMPTY : Buffer.concat(chunks) });
      });
      response.once('error', (error) => {
        settle();
        reject(error);
      });
      // A connection cut mid-body may close the response without an error: never leave the send pending.
      response.once('close', () => {
        if (response.complete) return;
        settle();
        reject(Object.assign(new Error('the connection closed before the response was complete'), { code: 'ECONNRESET' }));
      });
    });
    request.end(body);
  });
