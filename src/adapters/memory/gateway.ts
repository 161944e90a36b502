import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';

/** The parts of the SDK's HTTP request and response this fake uses (structural, so no @smithy import). */
interface HttpRequestLike {
  path: string;
  body?: unknown;
}
interface HttpResponseLike {
  statusCode: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/**
 * An in-memory API Gateway management API behind a real SDK client: the
 * broadcast and every handler run their true code path, with no network.
 * Posts to a connection that is not open answer 410 like AWS does.
 */
export class MemoryGateway {
  private readonly open = new Set<string>();
  private readonly inbox = new Map<string, string[]>();
  readonly client: ApiGatewayManagementApiClient;

  constructor() {
    this.client = new ApiGatewayManagementApiClient({
      endpoint: 'http://memory.invalid',
      region: 'us-east-1',
      credentials: { accessKeyId: 'memory', secretAccessKey: 'memory' },
      maxAttempts: 1,
      requestHandler: { handle: (request: HttpRequestLike) => Promise.resolve({ response: this.answer(request) }) },
    });
  }

  connect(connectionId: string): void {
    this.open.add(connectionId);
  }

  disconnect(connectionId: string): void {
    this.open.delete(connectionId);
  }

  /** Every message posted to a connection, parsed, oldest first. */
  received<T = unknown>(connectionId: string): T[] {
    return (this.inbox.get(connectionId) ?? []).map((text) => JSON.parse(text) as T);
  }

  clear(): void {
    this.inbox.clear();
  }

  private answer(request: HttpRequestLike): HttpResponseLike {
    const match = /^\/@connections\/([^/]+)$/.exec(request.path);
    const connectionId = match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
    if (connectionId === undefined || !this.open.has(connectionId)) {
      return {
        statusCode: 410,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'GoneException' },
        body: Buffer.from('{"message":"Gone"}'),
      };
    }
    const body = request.body as Uint8Array | string;
    const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
    this.inbox.set(connectionId, [...(this.inbox.get(connectionId) ?? []), text]);
    return { statusCode: 200, headers: {}, body: Buffer.alloc(0) };
  }
}
