import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { afterEach, describe, expect, it } from 'vitest';
import { createGatewayClient, type GatewayTimeouts } from '../../src/adapters/gateway/client';
import { broadcast } from '../../src/broadcast';
import { FakeManagementApi, type Answer, type FakeManagementApiOptions } from '../support/fake-management-api';

/**
 * What the emulator never shows and AWS does: a container that has met a thousand 429s, a socket pool with a
 * deep queue in front of it, a clock that is minutes off, and a Lambda timeout that does not wait for the
 * slowest connection. Each runs the real client over real HTTP against a loopback management API that behaves
 * like AWS on purpose.
 */
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const running: { api: FakeManagementApi; clients: ApiGatewayManagementApiClient[] }[] = [];

const setUp = async (options: FakeManagementApiOptions, sockets = 16, timeouts: GatewayTimeouts = { connectionTimeoutMs: 1000, requestTimeoutMs: 1000 }) => {
  const api = new FakeManagementApi(options);
  const endpoint = await api.start();
  const client = (leanPost = true) => {
    const created = createGatewayClient({ region: 'us-east-1', localCredentials: credentials, broadcastConcurrency: sockets }, endpoint, timeouts, { leanPost });
    entry.clients.push(created);
    return created;
  };
  const entry = { api, clients: [] as ApiGatewayManagementApiClient[] };
  running.push(entry);
  return { api, client };
};

afterEach(async () => {
  for (const { api, clients } of running.splice(0)) {
    clients.forEach((client) => client.destroy());
    await api.stop();
  }
});

const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const statusesOf = (api: FakeManagementApi, id: string) => api.requests.filter((r) => r.connectionId === id).map((r) => r.status);

describe('retries: a budget per broadcast, not per container', () => {
  it('still retries a throttled send after the container has met a thousand 429s', async () => {
    const answer = (id: string, attempt: number): Answer => (id.startsWith('busy') ? { status: 429 } : attempt === 1 ? { status: 429 } : { status: 200 });
    const { api, client } = await setUp({ answer });
    const gateway = client();
    // A busy past: rooms whose every send is throttled, until the container has seen a thousand 429s.
    for (let round = 0; round < 20 && api.requests.length < 1000; round++) {
      await broadcast(gateway, ids(`busy${round}-`, 100), { n: round }, { random: () => 0 });
    }
    expect(api.requests.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(1000);

    const report = await broadcast(gateway, ['late'], { n: 'late' }, { random: () => 0 });

    expect(report.delivered).toEqual(['late']);
    expect(statusesOf(api, 'late')).toEqual([429, 200]);
  });
});

describe('timeouts: measured from the moment a request has a socket', () => {
  it('times nothing out while requests wait in the agent’s queue for one of its sockets', async () => {
    // 4 sockets, 60 sends at once: the last ones wait 14 round trips of 100 ms, longer than the 1 s timeout.
    const { api, client } = await setUp({ latencyMs: 100 }, 4, { connectionTimeoutMs: 1000, requestTimeoutMs: 1000 });
    const everyone = ids('q', 60);
    api.connect(...everyone);

    const report = await broadcast(client(), everyone, { n: 1 }, { concurrency: 60 });

    expect(report.failed).toEqual([]);
    expect(report.delivered).toHaveLength(60);
    // Nothing timed out and was sent again.
    expect(api.requests).toHaveLength(60);
  });
});

describe.each([
  ['the lean send path', true],
  ['the SDK middleware stack', false],
] as const)('clock skew, through %s', (_path, leanPost) => {
  it('corrects its clock from the API’s Date on a skewed-signature 403, retries once, and signs right from then on', async () => {
    const { api, client } = await setUp({ clockSkewMs: 15 * 60_000 });
    api.connect('a', 'b', 'c');
    const gateway = client(leanPost);

    const first = await broadcast(gateway, ['a'], { n: 1 }, { random: () => 0 });
    const refusedAtFirst = api.refusedAsSkewed.length;
    const later = await broadcast(gateway, ['b', 'c'], { n: 2 }, { random: () => 0 });

    expect(first.delivered).toEqual(['a']);
    expect(refusedAtFirst).toBe(1);
    expect(later.delivered).toEqual(['b', 'c']);
    expect(api.refusedAsSkewed).toHaveLength(1);
  });

  it('gets every send of a broadcast through when they were all signed before the first correction came back', async () => {
    const { api, client } = await setUp({ clockSkewMs: -12 * 60_000 });
    const everyone = ids('s', 10);
    api.connect(...everyone);

    const report = await broadcast(client(leanPost), everyone, { n: 1 }, { random: () => 0 });

    expect(report.delivered).toEqual(everyone);
    expect(api.refusedAsSkewed.length).toBeLessThanOrEqual(10);
    expect(new Set(api.refusedAsSkewed).size).toBe(api.refusedAsSkewed.length);
  });
});

describe.each([
  ['the lean send path', true],
  ['the SDK middleware stack', false],
] as const)('a deadline, through %s', (_path, leanPost) => {
  it('aborts what is in flight at the deadline and starts nothing after it, each reported failed', async () => {
    const { api, client } = await setUp({ answer: (id) => (id === 'slow' ? { status: 200, delayMs: 5000 } : { status: 200 }) });

    const report = await broadcast(client(leanPost), ['slow', 'next1', 'next2'], { n: 1 }, { concurrency: 1, deadline: Date.now() + 300 });

    expect(report.delivered).toEqual([]);
    expect(report.failed).toEqual([
      { connectionId: 'slow', error: expect.stringMatching(/^DeadlineExceededError: .*in flight/) },
      { connectionId: 'next1', error: expect.stringMatching(/^DeadlineExceededError: .*not sent/) },
      { connectionId: 'next2', error: expect.stringMatching(/^DeadlineExceededError: .*not sent/) },
    ]);
    expect(api.requests.map((r) => r.connectionId)).toEqual(['slow']);
  });

  it('schedules no retry that would start after the deadline', async () => {
    const { api, client } = await setUp({ answer: () => ({ status: 429, retryAfterSeconds: 1 }) });

    const report = await broadcast(client(leanPost), ['t'], { n: 1 }, { deadline: Date.now() + 500 });

    expect(report.failed).toEqual([{ connectionId: 't', error: expect.stringMatching(/^DeadlineExceededError: .*LimitExceededException \(HTTP 429\)/) }]);
    expect(api.requests).toHaveLength(1);
  });
});
