import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGatewayClient } from '../../src/adapters/gateway/client';
import { FastGatewayClient } from '../../src/adapters/gateway/fast-client';
import { broadcast } from '../../src/broadcast';
import { FakeManagementApi, type Answer } from '../support/fake-management-api';

/**
 * The broadcast through the real client and HTTP stack against a loopback
 * management API: what aws-sdk-client-mock cannot show (error deserialisation,
 * the SDK's retries, timeouts, socket errors). The same table runs on both
 * send paths: every PostToConnection through the SDK's middleware stack, and
 * the project's lean path; they must not be told apart.
 */
let answers = new Map<string, (attempt: number) => Answer>();
const api = new FakeManagementApi({ answer: (id, attempt) => answers.get(id)?.(attempt) ?? { status: 200 } });
const clients: Record<'sdk' | 'lean', ApiGatewayManagementApiClient | undefined> = { sdk: undefined, lean: undefined };

beforeAll(async () => {
  const endpoint = await api.start();
  const config = { region: 'us-east-1', localCredentials: { accessKeyId: 'x', secretAccessKey: 'x' }, broadcastConcurrency: undefined };
  const timeouts = { connectionTimeoutMs: 1000, requestTimeoutMs: 300 };
  clients.sdk = createGatewayClient(config, endpoint, timeouts, { leanPost: false });
  clients.lean = createGatewayClient(config, endpoint, timeouts);
});
afterAll(async () => {
  clients.sdk?.destroy();
  clients.lean?.destroy();
  await api.stop();
});
beforeEach(() => {
  answers = new Map();
  api.reset();
});

const attemptsTo = (id: string) => api.requests.filter((r) => r.connectionId === id).length;

it('builds the lean client by default and the plain SDK client on request', () => {
  expect(clients.lean).toBeInstanceOf(FastGatewayClient);
  expect(clients.sdk).not.toBeInstanceOf(FastGatewayClient);
});

describe.each([
  ['the SDK middleware stack', 'sdk'],
  ['the lean send path', 'lean'],
] as const)('broadcast over HTTP, through %s', (_path, which) => {
  let client: ApiGatewayManagementApiClient;
  beforeAll(() => {
    client = clients[which] as ApiGatewayManagementApiClient;
  });

  it('posts the payload to /@connections/{id}', async () => {
    const report = await broadcast(client, ['a', 'b'], { type: 'chat', text: 'héllo' });

    expect(report.delivered).toEqual(['a', 'b']);
    expect(api.received('a')).toEqual([{ type: 'chat', text: 'héllo' }]);
  });

  it("counts AWS's GoneException and offline's bare 410 as gone, without retrying", async () => {
    answers.set('aws', () => ({ status: 410, style: 'aws' }));
    answers.set('offline', () => ({ status: 410, style: 'offline' }));

    const report = await broadcast(client, ['aws', 'offline', 'ok'], { n: 1 });

    expect(report.gone.sort()).toEqual(['aws', 'offline']);
    expect(report.failed).toEqual([]);
    expect(report.delivered).toEqual(['ok']);
    expect(attemptsTo('aws')).toBe(1);
    expect(attemptsTo('offline')).toBe(1);
  });

  it('retries a 429 with backoff and delivers when throttling stops', async () => {
    answers.set('t', (attempt) => (attempt < 3 ? { status: 429 } : { status: 200 }));

    const report = await broadcast(client, ['t'], { n: 1 });

    expect(report.delivered).toEqual(['t']);
    expect(attemptsTo('t')).toBe(3);
  });

  it('reports a 429 that outlasts the retries as failed', async () => {
    answers.set('t', () => ({ status: 429 }));

    const report = await broadcast(client, ['t', 'ok'], { n: 1 });

    expect(report.failed).toEqual([{ connectionId: 't', error: expect.stringMatching(/LimitExceededException \(HTTP 429\)/) }]);
    expect(report.delivered).toEqual(['ok']);
    expect(attemptsTo('t')).toBe(3);
  });

  it('delivers to connection ids that need escaping in the path', async () => {
    const ids = ['L0SM9cOFvHcCIhw=', "a!'()*b", 'with space', 'ünï/cödé'];

    const report = await broadcast(client, ids, { n: 1 });

    expect(report.delivered).toEqual(ids);
    expect(api.requests.map((r) => r.connectionId).sort()).toEqual([...ids].sort());
  });

  it('retries a 500 and delivers when the server recovers', async () => {
    answers.set('e', (attempt) => (attempt === 1 ? { status: 500 } : { status: 200 }));

    const report = await broadcast(client, ['e'], { n: 1 });

    expect(report.delivered).toEqual(['e']);
    expect(attemptsTo('e')).toBe(2);
  });

  it('reports a 500 that outlasts the retries as failed', async () => {
    answers.set('e', () => ({ status: 500 }));

    const report = await broadcast(client, ['e', 'ok'], { n: 1 });

    expect(report.failed).toEqual([{ connectionId: 'e', error: 'InternalServerErrorException (HTTP 500): Internal server error' }]);
    expect(report.delivered).toEqual(['ok']);
    expect(attemptsTo('e')).toBe(3);
  });

  it('reports a socket hang-up as failed and delivers the rest', async () => {
    answers.set('h', () => ({ hangUp: true }));

    const report = await broadcast(client, ['h', 'ok1', 'ok2'], { n: 1 });

    expect(report.failed.map((f) => f.connectionId)).toEqual(['h']);
    expect(report.delivered).toEqual(['ok1', 'ok2']);
    // A reset connection is transient to the SDK: retried like a 5xx.
    expect(attemptsTo('h')).toBe(3);
  });

  it('reports a connection slower than the request timeout as failed, without holding up the others', async () => {
    answers.set('slow', () => ({ status: 200, delayMs: 5000 }));
    const ids = ['slow', ...Array.from({ length: 20 }, (_, i) => `ok${i}`)];

    const started = performance.now();
    const report = await broadcast(client, ids, { n: 1 }, { concurrency: 4 });
    const elapsed = performance.now() - started;

    expect(report.failed.map((f) => f.connectionId)).toEqual(['slow']);
    expect(report.failed[0]?.error).toMatch(/^TimeoutError: .*timeout/i);
    expect(report.delivered).toHaveLength(20);
    // 3 attempts of 300 ms plus backoff, never the 5 s the connection would take.
    expect(elapsed).toBeLessThan(4500);
  });
});
