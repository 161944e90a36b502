import { createHash } from 'node:crypto';
import { Agent as HttpAgent, createServer, type IncomingMessage, type Server } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { GetConnectionCommand, PostToConnectionCommand, type ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGatewayClient } from '../../src/adapters/gateway/client';
import { FastGatewayClient } from '../../src/adapters/gateway/fast-client';
import { broadcast } from '../../src/broadcast';
import { Sha256 } from '../support/sha256';

/**
 * The lean PostToConnection against a management API that checks what it
 * receives: every request's SigV4 signature is recomputed from the bytes that
 * arrived (with @smithy/signature-v4, the SDK's own signer) and refused with
 * 403 InvalidSignatureException when it does not match; and the errors the
 * lean path throws are compared, field by field, with the SDK's own for the
 * same answers.
 */

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session/token+with=odd chars' };
const REGION = 'eu-west-3';

interface Scripted {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

interface Received {
  connectionId: string;
  verified: boolean;
  reason?: string;
  signedHeaders: string[];
}

const readBody = async (request: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/** Recomputes the request's signature from what arrived; says why when it does not match. */
const verify = async (request: IncomingMessage, body: Buffer): Promise<{ ok: boolean; reason?: string; signedHeaders: string[] }> => {
  const authorization = request.headers.authorization ?? '';
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(authorization);
  if (match === null) return { ok: false, reason: `malformed authorization: ${authorization}`, signedHeaders: [] };
  const [, accessKeyId, , region, service, signedList, signature] = match as unknown as string[];
  const signedHeaders = (signedList as string).split(';');
  if (accessKeyId !== CREDENTIALS.accessKeyId) return { ok: false, reason: `unknown key ${accessKeyId}`, signedHeaders };
  const bodyHash = createHash('sha256').update(body).digest('hex');
  if (request.headers['x-amz-content-sha256'] !== bodyHash) return { ok: false, reason: 'x-amz-content-sha256 does not match the body', signedHeaders };
  if (request.headers['content-length'] !== undefined && Number(request.headers['content-length']) !== body.byteLength) return { ok: false, reason: 'content-length does not match the body', signedHeaders };
  const amzDate = String(request.headers['x-amz-date']);
  const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) return { ok: false, reason: `signed header ${name} is missing`, signedHeaders };
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const signer = new SignatureV4({ credentials: CREDENTIALS, region: region as string, service: service as string, sha256: Sha256, uriEscapePath: true });
  const [host, port] = (request.headers.host ?? '').split(':');
  const expected = await signer.sign(
    { method: request.method ?? '', protocol: 'http:', hostname: host ?? '', port: Number(port), path: request.url ?? '', query: {}, headers, body },
    { signingDate },
  );
  const expectedSignature = /Signature=([0-9a-f]{64})$/.exec(String(expected.headers.authorization))?.[1];
  return expectedSignature === signature ? { ok: true, signedHeaders } : { ok: false, reason: `signature mismatch for ${request.url ?? ''}`, signedHeaders };
};

let server: Server;
let endpoint = '';
const inFlight = new Set<Promise<void>>();
const received: Received[] = [];
/** Answers by connection id; anything not listed answers 200 when the signature holds. */
const script = new Map<string, Scripted>();

beforeAll(async () => {
  server = createServer((request, response) => {
    const respond = async () => {
      try {
        const body = await readBody(request);
        const connectionId = decodeURIComponent(/^\/prod\/@connections\/([^/?]+)$/.exec(request.url ?? '')?.[1] ?? '');
        // GetConnection is a GET on the same path; it answers the scripted body.
        const check = await verify(request, body);
        received.push({ connectionId, verified: check.ok, signedHeaders: check.signedHeaders, ...(check.reason === undefined ? {} : { reason: check.reason }) });
        if (!check.ok) {
          const error = JSON.stringify({ message: check.reason });
          response.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'InvalidSignatureException', 'content-length': Buffer.byteLength(error) }).end(error);
          return;
        }
        const answer = script.get(connectionId) ?? { status: 200 };
        const text = answer.body ?? '';
        response.writeHead(answer.status, { 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': `req-${connectionId}`, ...answer.headers }).end(text);
      } catch (error) {
        response.writeHead(500).end(String(error));
      }
    };
    // The server's callback cannot be async: its work is kept and awaited when the server stops.
    const handling = respond();
    inFlight.add(handling);
    response.once('close', () => inFlight.delete(handling));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A stage in the path, like a real API's: the id must land after it.
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prod`;
});
afterAll(async () => {
  await Promise.all(inFlight);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  received.length = 0;
  script.clear();
});

const client = (leanPost: boolean): ApiGatewayManagementApiClient => {
  // Session credentials, as a Lambda role's are.
  const credentials: { accessKeyId: string; secretAccessKey: string } = CREDENTIALS;
  return createGatewayClient({ region: REGION, localCredentials: credentials, broadcastConcurrency: 16 }, endpoint, undefined, { leanPost });
};

describe('the lean send path, checked by a SigV4 verifier', () => {
  it('signs requests the verifier accepts, the SDK path as well (the verifier is sound)', async () => {
    const ids = ['L0SM9cOFvHcCIhw=', "a!'()*b", 'with space', 'ünï/cödé', 'plain'];
    for (const leanPost of [false, true]) {
      received.length = 0;
      const gateway = client(leanPost);

      const report = await broadcast(gateway, ids, { type: 'chat', text: 'héllo', n: 1 });

      gateway.destroy();
      expect(report.failed).toEqual([]);
      expect(report.delivered).toEqual(ids);
      expect(received.every((r) => r.verified)).toBe(true);
      expect(received.map((r) => r.connectionId).sort()).toEqual([...ids].sort());
    }
  });

  it('signs the same headers as the SDK, session token and body hash included', async () => {
    const signedBy = async (leanPost: boolean) => {
      received.length = 0;
      const gateway = client(leanPost);
      await gateway.send(new PostToConnectionCommand({ ConnectionId: 'x', Data: Buffer.from('{}') }));
      gateway.destroy();
      return received[0]?.signedHeaders;
    };

    const sdk = await signedBy(false);
    const lean = await signedBy(true);

    expect(lean).toEqual(sdk);
    expect(lean).toEqual(expect.arrayContaining(['host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-security-token', 'content-length']));
  });

  it('signs a reused buffer by what it holds now, not by what it held at the last send', async () => {
    const gateway = client(true);
    const body = Buffer.from('{"n":1}');

    await gateway.send(new PostToConnectionCommand({ ConnectionId: 'first', Data: body }));
    body.write('{"n":2}');
    await gateway.send(new PostToConnectionCommand({ ConnectionId: 'second', Data: body }));

    gateway.destroy();
    expect(received.map((r) => [r.connectionId, r.verified])).toEqual([
      ['first', true],
      ['second', true],
    ]);
  });

  it('is refused by the verifier when signed with the wrong secret (the verifier can fail)', async () => {
    const gateway = createGatewayClient(
      { region: REGION, localCredentials: { accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' }, broadcastConcurrency: 4 },
      endpoint,
    );

    const report = await broadcast(gateway, ['a'], { n: 1 });

    gateway.destroy();
    expect(report.failed).toEqual([{ connectionId: 'a', error: expect.stringMatching(/^InvalidSignatureException \(HTTP 403\): signature mismatch/) }]);
  });
});

describe('what takes the lean path', () => {
  it('is a PostToConnection, plain or with an abort signal; other commands and calls with other options go through the middleware stack', async () => {
    const gateway = client(true);
    const seen: string[] = [];
    gateway.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { ConnectionId?: string };
        seen.push(`${context.commandName ?? '?'} ${input.ConnectionId ?? ''}`);
        return await next(args);
      },
      { step: 'initialize', name: 'spy' },
    );
    script.set('info', { status: 200, headers: { 'content-type': 'application/json' }, body: '{"connectedAt":"2026-11-23T00:00:00Z"}' });

    await gateway.send(new PostToConnectionCommand({ ConnectionId: 'lean', Data: Buffer.from('{}') }));
    await gateway.send(new PostToConnectionCommand({ ConnectionId: 'with-signal', Data: Buffer.from('{}') }), { abortSignal: new AbortController().signal });
    await gateway.send(new PostToConnectionCommand({ ConnectionId: 'with-options', Data: Buffer.from('{}') }), { requestTimeout: 1000 });
    const info = await gateway.send(new GetConnectionCommand({ ConnectionId: 'info' }));

    gateway.destroy();
    // The probe that learnt the route went through the stack once, stopped before the network.
    expect(seen).toEqual(['PostToConnectionCommand lean-post-probe', 'PostToConnectionCommand with-options', 'GetConnectionCommand info']);
    expect(info.ConnectedAt).toEqual(new Date('2026-11-23T00:00:00Z'));
    expect(received.map((r) => [r.connectionId, r.verified])).toEqual([
      ['lean', true],
      ['with-signal', true],
      ['with-options', true],
      ['info', true],
    ]);
  });

  it('is not taken by a client given its own signer', async () => {
    const signed: string[] = [];
    const withSigner = new FastGatewayClient(
      {
        region: REGION,
        endpoint,
        credentials: CREDENTIALS,
        signer: {
          sign: async (request) => {
            signed.push(request.path);
            return await new SignatureV4({ credentials: CREDENTIALS, region: REGION, service: 'execute-api', sha256: Sha256 }).sign(request);
          },
        },
      },
      { agents: { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) }, connectionTimeoutMs: 1000, requestTimeoutMs: 1000 },
    );

    await withSigner.send(new PostToConnectionCommand({ ConnectionId: 'custom', Data: Buffer.from('{}') }));

    withSigner.destroy();
    expect(signed).toEqual(['/prod/@connections/custom']);
    expect(received.map((r) => [r.connectionId, r.verified])).toEqual([['custom', true]]);
  });
});

describe('errors of the lean path are the SDK’s', () => {
  const shape = (error: unknown) => {
    const e = error as Error & { $fault?: string; $metadata?: { httpStatusCode?: number; attempts?: number; requestId?: string } } & Record<string, unknown>;
    return {
      class: e.constructor.name,
      name: e.name,
      message: e.message,
      fault: e.$fault,
      status: e.$metadata?.httpStatusCode,
      attempts: e.$metadata?.attempts,
      requestId: e.$metadata?.requestId,
      keys: Object.keys(e).filter((key) => key !== '$metadata').sort(),
    };
  };
  const outcome = async (leanPost: boolean, connectionId: string) => {
    const gateway = client(leanPost);
    try {
      const output = await gateway.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from('{}') }));
      const { totalRetryDelay: _ignored, ...metadata } = output.$metadata;
      return { ok: metadata };
    } catch (error) {
      return { error: shape(error) };
    } finally {
      gateway.destroy();
    }
  };

  const json = (type: string | undefined, body: object): Scripted => ({
    status: 0,
    headers: { 'content-type': 'application/json', ...(type === undefined ? {} : { 'x-amzn-errortype': type }) },
    body: JSON.stringify(body),
  });

  it.each<[string, Scripted]>([
    ['delivered', { status: 200 }],
    ['GoneException (410)', { ...json('GoneException', { message: '' }), status: 410 }],
    ["offline's bare 410", { status: 410 }],
    ['ForbiddenException (403)', { ...json('ForbiddenException', { message: 'Forbidden' }), status: 403 }],
    ['PayloadTooLargeException (413)', { ...json('PayloadTooLargeException', { message: 'too large' }), status: 413 }],
    ['LimitExceededException (429, retried)', { ...json('LimitExceededException', { message: 'Too Many Requests' }), status: 429 }],
    ['an unmodelled 500 (retried)', { ...json('InternalServerErrorException', { message: 'Internal server error' }), status: 500 }],
    ['a type in the body, not the header', { ...json(undefined, { __type: 'com.amazonaws#GoneException', message: 'gone' }), status: 410 }],
    ['a type with a namespace and a URL', { ...json('GoneException:http://internal.amazon.com/coral/', { Message: 'Gone away' }), status: 410 }],
    ['extra fields in the body', { ...json('BadRequestException', { message: 'bad', detail: 'why' }), status: 400 }],
  ])('%s', async (_what, answer) => {
    script.set('scripted', answer);

    const sdk = await outcome(false, 'scripted');
    const lean = await outcome(true, 'scripted');

    expect(lean).toEqual(sdk);
  });
});
