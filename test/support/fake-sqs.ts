import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { settleAll } from '../../src/settle-all';
import { Sha256 } from './sha256';
import type { Exchange } from '../../src/adapters/gateway/http-exchange';
import type { SqsTransport } from '../../src/adapters/sqs/lean-sqs';

export interface SentMessage {
  queueUrl: string;
  body: string;
  delaySeconds: number;
}

/** One request as it arrived: its operation (from `X-Amz-Target`) and JSON input. */
export interface SqsCall {
  operation: string;
  input: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

/** An answer of a test's choosing: status, headers, raw body. */
export interface SqsAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * A queue endpoint speaking SQS's JSON protocol for SendMessage and
 * SendMessageBatch (with the MD5 the SDK checks), keeping what was sent, so
 * production wiring can schedule timers (and fan out) against it as on AWS.
 * Served over HTTP (`start()`), or in memory as the lean client's transport
 * (`transport`). `script` answers instead when it returns something: throttling,
 * failed entries, errors. Given `verify`, it recomputes each request's SigV4
 * signature with @smithy/signature-v4 (the SDK's signer) from what arrived, and
 * refuses a mismatch with 403, as SQS does.
 */
export class FakeSqs {
  readonly server: Server;
  readonly sent: SentMessage[] = [];
  readonly calls: SqsCall[] = [];
  /** Requests whose signature did not hold (with `verify`), and why. */
  readonly refused: string[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  script: (call: SqsCall, index: number) => SqsAnswer | undefined = () => undefined;

  /** `latencyMs`: how long each answer takes; longer than a handler's remaining work, an un-awaited send outlives it. */
  constructor(
    private readonly latencyMs = 0,
    private readonly verify?: Credentials,
  ) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const respond = async () => {
          try {
            const body = Buffer.concat(chunks);
            const refusal = await this.check(request.method ?? '', request.url ?? '', request.headers, body);
            const answer = refusal ?? this.answer(request.headers, body);
            setTimeout(() => response.writeHead(answer.status, { 'x-amzn-requestid': randomUUID(), ...answer.headers }).end(answer.body ?? ''), this.latencyMs);
          } catch (error) {
            response.writeHead(500).end(String(error));
          }
        };
        // The server's callback cannot be async: its work is kept and awaited when the server stops.
        const handling = respond();
        this.inFlight.add(handling);
        response.once('close', () => this.inFlight.delete(handling));
      });
    });
  }

  /** The lean client's transport, answering in memory as the server would. */
  readonly transport: SqsTransport = async (_target, path, headers, body) => {
    const refusal = await this.check('POST', path, headers, Buffer.from(body));
    const answer = refusal ?? this.answer(headers, Buffer.from(body));
    await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const bytes = Buffer.from(answer.body ?? '', 'utf8');
    const exchange: Exchange = { statusCode: answer.status, headers: { 'x-amzn-requestid': 'fake-request', date: new Date().toUTCString(), ...lowerCase(answer.headers ?? {}) }, body: bytes };
    return exchange;
  };

  /** With `verify`: the 403 SQS answers to a request whose signature does not hold; otherwise undefined. */
  private async check(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<SqsAnswer | undefined> {
    if (this.verify === undefined) return undefined;
    const refuse = (reason: string): SqsAnswer => {
      this.refused.push(reason);
      return {
        status: 403,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': 'SignatureDoesNotMatch;Sender' },
        body: JSON.stringify({ __type: 'com.amazon.coral.service#SignatureDoesNotMatch', message: reason }),
      };
    };
    const authorization = String(headers.authorization ?? '');
    const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/sqs\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(authorization);
    if (match === null) return refuse(`malformed authorization: ${authorization}`);
    const [, accessKeyId, , region, signedList, signature] = match as unknown as string[];
    if (accessKeyId !== this.verify.accessKeyId) return refuse(`unknown key ${accessKeyId}`);
    if (headers['x-amz-content-sha256'] !== createHash('sha256').update(body).digest('hex')) return refuse('x-amz-content-sha256 does not match the body');
    const signed: Record<string, string> = {};
    for (const name of (signedList as string).split(';')) {
      const value = headers[name];
      if (value === undefined) return refuse(`signed header ${name} is missing`);
      signed[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const amzDate = String(headers['x-amz-date']);
    const signingDate = new Date(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
    const signer = new SignatureV4({ credentials: this.verify, region: region as string, service: 'sqs', sha256: Sha256, uriEscapePath: true });
    const [hostname = '', port] = String(headers.host ?? '').split(':');
    const expected = await signer.sign({ method, protocol: 'http:', hostname, ...(port === undefined ? {} : { port: Number(port) }), path, query: {}, headers: signed, body }, { signingDate });
    return String(expected.headers.authorization).endsWith(`Signature=${signature}`) ? undefined : refuse(`signature mismatch (${signedList})`);
  }

  private answer(headers: IncomingHttpHeaders, raw: Buffer): SqsAnswer {
    const target = String(headers['x-amz-target'] ?? '');
    const input = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>;
    const call: SqsCall = { operation: target.replace(/^AmazonSQS\./, ''), input, headers };
    this.calls.push(call);
    const scripted = this.script(call, this.calls.length - 1);
    if (scripted !== undefined) return scripted;
    const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
    let output: unknown;
    if (call.operation === 'SendMessage') {
      this.sent.push({ queueUrl: input.QueueUrl as string, body: input.MessageBody as string, delaySeconds: (input.DelaySeconds as number | undefined) ?? 0 });
      output = { MessageId: randomUUID(), MD5OfMessageBody: md5(input.MessageBody as string) };
    } else if (call.operation === 'SendMessageBatch') {
      const entries = input.Entries as { Id: string; MessageBody: string; DelaySeconds?: number }[];
      for (const entry of entries) this.sent.push({ queueUrl: input.QueueUrl as string, body: entry.MessageBody, delaySeconds: entry.DelaySeconds ?? 0 });
      output = { Successful: entries.map((entry) => ({ Id: entry.Id, MessageId: randomUUID(), MD5OfMessageBody: md5(entry.MessageBody) })), Failed: [] };
    } else {
      return { status: 400, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify({ __type: 'UnsupportedOperation', message: target }) };
    }
    return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify(output) };
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await settleAll([...this.inFlight]);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const lowerCase = (headers: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
