import {
  ApiGatewayManagementApiClient,
  ApiGatewayManagementApiServiceException,
  ForbiddenException,
  GoneException,
  LimitExceededException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_BROADCAST_CONCURRENCY, broadcast } from '../../src/broadcast';
import { PayloadRefusedError } from '../../src/errors';

const noWait = { random: () => 0 };
const withHeaders = <E extends Error>(error: E, headers: Record<string, string>): E =>
  Object.defineProperty(error, '$response', { value: { statusCode: 429, headers }, enumerable: false });

const gatewayMock = mockClient(ApiGatewayManagementApiClient);
const gateway = new ApiGatewayManagementApiClient({ region: 'us-east-1', endpoint: 'https://example.invalid' });

const gone = () => new GoneException({ message: 'Gone', $metadata: { httpStatusCode: 410 } });
// What SDK v3 makes of serverless offline's bare 410: no error type, so the name is "Unknown".
const offlineGone = () =>
  Object.assign(new ApiGatewayManagementApiServiceException({ name: 'Unknown', $fault: 'client', message: 'UnknownError', $metadata: { httpStatusCode: 410 } }), {});
const throttled = () => new LimitExceededException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } });
const serverError = () =>
  new ApiGatewayManagementApiServiceException({ name: 'InternalServerErrorException', $fault: 'server', message: 'boom', $metadata: { httpStatusCode: 500 } });

const sentTo = () => gatewayMock.commandCalls(PostToConnectionCommand).map((call) => call.args[0].input.ConnectionId);

beforeEach(() => gatewayMock.reset());
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('broadcast', () => {
  it('delivers to every connection and reports each one delivered', async () => {
    gatewayMock.on(PostToConnectionCommand).resolves({});

    const report = await broadcast(gateway, ['a', 'b', 'c'], { type: 'chat', text: 'hi' });

    expect(report).toEqual({ delivered: ['a', 'b', 'c'], gone: [], failed: [] });
    expect(gatewayMock).toHaveReceivedCommandTimes(PostToConnectionCommand, 3);
    expect(gatewayMock).toHaveReceivedCommandWith(PostToConnectionCommand, { ConnectionId: 'b' });
  });

  it('reports a connection that answered GoneException as gone', async () => {
    gatewayMock.on(PostToConnectionCommand).resolves({}).on(PostToConnectionCommand, { ConnectionId: 'b' }).rejects(gone());

    const report = await broadcast(gateway, ['a', 'b', 'c'], { n: 1 });

    expect(report).toEqual({ delivered: ['a', 'c'], gone: ['b'], failed: [] });
  });

  it("reports serverless offline's bare 410 (name Unknown) as gone", async () => {
    gatewayMock.on(PostToConnectionCommand).resolves({}).on(PostToConnectionCommand, { ConnectionId: 'a' }).rejects(offlineGone());

    const report = await broadcast(gateway, ['a', 'b'], { n: 1 });

    expect(report.gone).toEqual(['a']);
    expect(report.delivered).toEqual(['b']);
  });

  it('reports a 429 that outlasted its three attempts as failed, not gone, and keeps going', async () => {
    gatewayMock.on(PostToConnectionCommand).resolves({}).on(PostToConnectionCommand, { ConnectionId: 'b' }).rejects(throttled());

    const report = await broadcast(gateway, ['a', 'b', 'c'], { n: 1 }, noWait);

    expect(report.delivered).toEqual(['a', 'c']);
    expect(report.gone).toEqual([]);
    expect(report.failed).toEqual([{ connectionId: 'b', error: expect.stringContaining('LimitExceededException (HTTP 429)') }]);
    expect(sentTo().filter((id) => id === 'b')).toHaveLength(3);
  });

  it('retries a 429 and a 500, and delivers when they stop', async () => {
    gatewayMock.on(PostToConnectionCommand).rejectsOnce(throttled()).rejectsOnce(serverError()).resolves({});

    const report = await broadcast(gateway, ['a'], { n: 1 }, noWait);

    expect(report.delivered).toEqual(['a']);
    expect(sentTo()).toEqual(['a', 'a', 'a']);
  });

  it('does not retry what a retry cannot fix (a 403)', async () => {
    gatewayMock.on(PostToConnectionCommand).rejects(new ForbiddenException({ message: 'Forbidden', $metadata: { httpStatusCode: 403 } }));

    const report = await broadcast(gateway, ['a'], { n: 1 }, noWait);

    expect(report.failed).toEqual([{ connectionId: 'a', error: 'ForbiddenException (HTTP 403): Forbidden' }]);
    expect(sentTo()).toEqual(['a']);
  });

  it('waits out a Retry-After before retrying', async () => {
    vi.useFakeTimers();
    gatewayMock.on(PostToConnectionCommand).rejectsOnce(withHeaders(throttled(), { 'retry-after': '2' })).resolves({});

    const sending = broadcast(gateway, ['a'], { n: 1 }, noWait);
    await vi.advanceTimersByTimeAsync(1999);
    const beforeTheWait = sentTo().length;
    await vi.advanceTimersByTimeAsync(1);
    const report = await sending;

    vi.useRealTimers();
    expect(beforeTheWait).toBe(1);
    expect(report.delivered).toEqual(['a']);
    expect(sentTo()).toEqual(['a', 'a']);
  });

  it('gives up at once on a Retry-After longer than its longest wait', async () => {
    gatewayMock.on(PostToConnectionCommand).rejectsOnce(withHeaders(throttled(), { 'retry-after': '30' })).resolves({});

    const report = await broadcast(gateway, ['a'], { n: 1 }, noWait);

    expect(report.failed.map((f) => f.connectionId)).toEqual(['a']);
    expect(sentTo()).toEqual(['a']);
  });

  it('gives each broadcast its own retry budget: one retry per send (at least ten), spent on whoever needs it', async () => {
    gatewayMock.on(PostToConnectionCommand).rejects(throttled());
    const ids = Array.from({ length: 20 }, (_, i) => `c${i}`);

    await broadcast(gateway, ids, { n: 1 }, { ...noWait, concurrency: 1 });
    const firstBroadcast = sentTo().length;
    await broadcast(gateway, ids, { n: 2 }, { ...noWait, concurrency: 1 });

    // 20 first attempts and 20 retries each time: the second broadcast's budget owes nothing to the first's.
    expect(firstBroadcast).toBe(40);
    expect(sentTo()).toHaveLength(80);
  });

  it('sends nothing once its deadline has passed, and reports why', async () => {
    gatewayMock.on(PostToConnectionCommand).resolves({});

    const report = await broadcast(gateway, ['a', 'b'], { n: 1 }, { deadline: Date.now() - 1 });

    expect(report.failed).toEqual([
      { connectionId: 'a', error: expect.stringMatching(/^DeadlineExceededError: not sent/) },
      { connectionId: 'b', error: expect.stringMatching(/^DeadlineExceededError: not sent/) },
    ]);
    expect(sentTo()).toEqual([]);
  });

  it('reports a 500 as failed with its name and status', async () => {
    gatewayMock.on(PostToConnectionCommand).rejects(serverError());

    const report = await broadcast(gateway, ['a'], { n: 1 }, noWait);

    expect(report.failed).toEqual([{ connectionId: 'a', error: 'InternalServerErrorException (HTTP 500): boom' }]);
  });

  it('never rejects because a send threw something that is not an AWS error', async () => {
    gatewayMock.on(PostToConnectionCommand).callsFake(() => {
      throw new TypeError('socket hang up');
    });

    const report = await broadcast(gateway, ['a', 'b'], { n: 1 });

    expect(report.failed.map((failure) => failure.connectionId)).toEqual(['a', 'b']);
    expect(report.failed[0]?.error).toContain('socket hang up');
  });

  it('serialises the payload once and shares the bytes with every send', async () => {
    gatewayMock.on(PostToConnectionCommand).resolves({});
    const stringify = vi.spyOn(JSON, 'stringify');

    const payload = { type: 'moved', board: [[null]] };

    await broadcast(gateway, ['a', 'b', 'c', 'd'], payload);

    expect(stringify.mock.calls.filter(([value]) => value === payload)).toHaveLength(1);
    const bodies = gatewayMock.commandCalls(PostToConnectionCommand).map((call) => call.args[0].input.Data);
    expect(new Set(bodies).size).toBe(1);
    expect(Buffer.from(bodies[0] as Uint8Array).toString()).toBe('{"type":"moved","board":[[null]]}');
  });

  it('keeps at most `concurrency` sends in flight, and uses all of them', async () => {
    let inFlight = 0;
    let peak = 0;
    gatewayMock.on(PostToConnectionCommand).callsFake(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight--;
      return {};
    });
    const ids = Array.from({ length: 100 }, (_, i) => `c${i}`);

    const report = await broadcast(gateway, ids, { n: 1 }, { concurrency: 7 });

    expect(peak).toBe(7);
    expect(report.delivered).toHaveLength(100);
  });

  it(`defaults to ${DEFAULT_BROADCAST_CONCURRENCY} sends in flight`, async () => {
    let inFlight = 0;
    let peak = 0;
    gatewayMock.on(PostToConnectionCommand).callsFake(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return {};
    });

    await broadcast(gateway, Array.from({ length: 1000 }, (_, i) => `c${i}`), { n: 1 });

    expect(peak).toBe(DEFAULT_BROADCAST_CONCURRENCY);
  });

  it('resolves only after every send has settled', async () => {
    const settled = new Set<string>();
    gatewayMock.on(PostToConnectionCommand).callsFake(async (input: { ConnectionId: string }) => {
      await new Promise((resolve) => setTimeout(resolve, input.ConnectionId === 'slow' ? 50 : 1));
      settled.add(input.ConnectionId);
      return {};
    });

    await broadcast(gateway, ['slow', 'a', 'b'], { n: 1 });

    expect([...settled].sort()).toEqual(['a', 'b', 'slow']);
  });

  it('refuses a payload over 128 KB and sends nothing', async () => {
    gatewayMock.on(PostToConnectionCommand).resolves({});

    await expect(broadcast(gateway, ['a', 'b'], { text: 'x'.repeat(128 * 1024) })).rejects.toBeInstanceOf(PayloadRefusedError);

    expect(gatewayMock).toHaveReceivedCommandTimes(PostToConnectionCommand, 0);
  });

  it('accepts a payload of exactly 128 KB', async () => {
    gatewayMock.on(PostToConnectionCommand).resolves({});
    const overhead = JSON.stringify({ t: '' }).length;

    const report = await broadcast(gateway, ['a'], { t: 'x'.repeat(128 * 1024 - overhead) });

    expect(report.delivered).toEqual(['a']);
  });

  it('refuses a payload that is not JSON and sends nothing', async () => {
    await expect(broadcast(gateway, ['a'], undefined)).rejects.toThrow('not JSON-serialisable');
    expect(gatewayMock).toHaveReceivedCommandTimes(PostToConnectionCommand, 0);
  });

  it('sends once to a connection listed twice', async () => {
    gatewayMock.on(PostToConnectionCommand).resolves({});

    const report = await broadcast(gateway, ['a', 'a', 'b'], { n: 1 });

    expect(sentTo()).toEqual(['a', 'b']);
    expect(report.delivered).toEqual(['a', 'b']);
  });

  it('resolves an empty report for an empty list without calling the API', async () => {
    const report = await broadcast(gateway, [], { n: 1 });

    expect(report).toEqual({ delivered: [], gone: [], failed: [] });
    expect(gatewayMock).toHaveReceivedCommandTimes(PostToConnectionCommand, 0);
  });
});
