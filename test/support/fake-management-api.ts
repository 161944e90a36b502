import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback stand-in for API Gateway's management API: `POST /@connections/{id}`
 * answered after a round-trip delay, with the status each test (or benchmark)
 * asks for. Every request is recorded with when it arrived and when its answer
 * finished, which is what the Lambda-freeze harness judges.
 */
export type Answer =
  | { status: 200 }
  | { status: 410; style?: 'aws' | 'offline' }
  | { status: 429; retryAfterSeconds?: number }
  | { status: 500 }
  | { hangUp: true }
  | { status: 200; delayMs: number };

export interface RecordedRequest {
  connectionId: string;
  body: string;
  arrivedAt: number;
  /** When the response was fully written; undefined if it never was. */
  finishedAt?: number;
  status?: number;
}

export interface FakeManagementApiOptions {
  /** Delay before each answer, like a round trip to API Gateway. */
  latencyMs?: number;
  /** Decides each answer; `attempt` counts requests to that connection so far (1 = first). Default: 200 for open connections, 410 otherwise. */
  answer?: (connectionId: string, attempt: number) => Answer;
  /** What a 410 looks like by default: AWS's GoneException, or offline's bare status. */
  goneStyle?: 'aws' | 'offline';
  /**
   * How far the API's clock is ahead of this machine's (negative: behind). Like AWS, it refuses a request
   * whose signing time (`x-amz-date`) is more than 5 minutes off its own clock, with a 403
   * InvalidSignatureException, and every answer carries its clock in `Date`.
   */
  clockSkewMs?: number;
}

const FIVE_MINUTES = 5 * 60_000;
const amzDate = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
const parseAmzDate = (value: string) => Date.parse(value.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));

export class FakeManagementApi {
  readonly requests: RecordedRequest[] = [];
  /** Requests refused for a signing time too far from the API's clock. */
  readonly refusedAsSkewed: string[] = [];
  private readonly open = new Set<string>();
  private readonly attempts = new Map<string, number>();
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  endpoint = '';

  constructor(private readonly options: FakeManagementApiOptions = {}) {}

  async start(): Promise<string> {
    const server = createServer((request, response) => this.handle(request, response));
    server.keepAliveTimeout = 60_000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.endpoint;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  connect(...connectionIds: string[]): void {
    connectionIds.forEach((id) => this.open.add(id));
  }

  disconnect(...connectionIds: string[]): void {
    connectionIds.forEach((id) => this.open.delete(id));
  }

  /** Messages delivered (answered 200) to a connection, parsed, in arrival order. */
  received<T = Record<string, unknown>>(connectionId: string): T[] {
    return this.requests.filter((r) => r.connectionId === connectionId && r.status === 200).map((r) => JSON.parse(r.body) as T);
  }

  reset(): void {
    this.requests.length = 0;
    this.attempts.clear();
  }

  private defaultAnswer(connectionId: string): Answer {
    return this.open.has(connectionId) ? { status: 200 } : { status: 410 };
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const arrivedAt = performance.now();
    const match = /^\/@connections\/([^/?]+)/.exec(request.url ?? '');
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || match?.[1] === undefined) {
        response.writeHead(404).end();
        return;
      }
      const connectionId = decodeURIComponent(match[1]);
      if (this.refuseSkewed(request, response, connectionId)) return;
      const attempt = (this.attempts.get(connectionId) ?? 0) + 1;
      this.attempts.set(connectionId, attempt);
      const record: RecordedRequest = { connectionId, body: Buffer.concat(chunks).toString('utf8'), arrivedAt };
      this.requests.push(record);
      const answer = this.options.answer?.(connectionId, attempt) ?? this.defaultAnswer(connectionId);
      const delay = (this.options.latencyMs ?? 0) + ('delayMs' in answer ? answer.delayMs : 0);
      const reply = () => {
        response.on('finish', () => (record.finishedAt = performance.now()));
        if ('hangUp' in answer) {
          request.socket.destroy();
          return;
        }
        record.status = answer.status;
        this.write(response, answer);
      };
      if (delay > 0) setTimeout(reply, delay);
      else reply();
    });
  }

  private now(): number {
    return Date.now() + (this.options.clockSkewMs ?? 0);
  }

  private refuseSkewed(request: IncomingMessage, response: ServerResponse, connectionId: string): boolean {
    if (this.options.clockSkewMs === undefined) return false;
    const now = this.now();
    const signedAt = parseAmzDate(String(request.headers['x-amz-date'] ?? ''));
    if (Math.abs(now - signedAt) <= FIVE_MINUTES) return false;
    this.refusedAsSkewed.push(connectionId);
    // API Gateway's words for it, in both directions.
    const message =
      signedAt < now
        ? `Signature expired: ${amzDate(signedAt)} is now earlier than ${amzDate(now - FIVE_MINUTES)} (${amzDate(now)} - 5 min.)`
        : `Signature not yet current: ${amzDate(signedAt)} is still later than ${amzDate(now + FIVE_MINUTES)} (${amzDate(now)} + 5 min.)`;
    this.error(response, 403, 'InvalidSignatureException', message);
    return true;
  }

  private write(response: ServerResponse, answer: Exclude<Answer, { hangUp: true }>): void {
    if (this.options.clockSkewMs !== undefined) response.setHeader('date', new Date(this.now()).toUTCString());
    switch (answer.status) {
      case 200:
        response.writeHead(200, { 'content-length': '0' }).end();
        return;
      case 410:
        if ((answer.style ?? this.options.goneStyle ?? 'aws') === 'offline') response.writeHead(410, { 'content-length': '0' }).end();
        else this.error(response, 410, 'GoneException', '');
        return;
      case 429:
        if (answer.retryAfterSeconds !== undefined) response.setHeader('retry-after', String(answer.retryAfterSeconds));
        this.error(response, 429, 'LimitExceededException', 'Too Many Requests');
        return;
      case 500:
        this.error(response, 500, 'InternalServerErrorException', 'Internal server error');
        return;
    }
  }

  private error(response: ServerResponse, status: number, type: string, message: string): void {
    if (this.options.clockSkewMs !== undefined) response.setHeader('date', new Date(this.now()).toUTCString());
    const body = JSON.stringify({ message });
    response.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type, 'content-length': Buffer.byteLength(body) }).end(body);
  }
}
