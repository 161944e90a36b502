import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger, logWith } from '../../../src/observability/logger';
import { createMetrics, emfBroadcastMetrics } from '../../../src/observability/metrics';
import type { Provide } from '../../../src/handlers/provide';
import { memoryArena } from '../../support/memory-arena';

/**
 * What reaches CloudWatch: the handlers run with the production Powertools
 * logger and metrics (stores in memory), and the test reads stdout as
 * CloudWatch would.
 */
let lines: string[];
let devMode: string | undefined;
let metricsDisabled: string | undefined;

beforeEach(() => {
  devMode = process.env.POWERTOOLS_DEV;
  metricsDisabled = process.env.POWERTOOLS_METRICS_DISABLED;
  delete process.env.POWERTOOLS_DEV; // one JSON object per line, as on Lambda
  delete process.env.POWERTOOLS_METRICS_DISABLED; // the rest of the suite keeps stdout quiet
  lines = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter((line) => line.trim() !== ''));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  if (devMode !== undefined) process.env.POWERTOOLS_DEV = devMode;
  if (metricsDisabled !== undefined) process.env.POWERTOOLS_METRICS_DISABLED = metricsDisabled;
});

const withProductionTelemetry = () => {
  const logger = createLogger({ logLevel: 'INFO' });
  const metrics = createMetrics();
  return memoryArena(
    {},
    {
      provide:
        (world): Provide =>
        (_context, fields) => {
          const broadcastMetrics = emfBroadcastMetrics(metrics);
          return { deps: { ...world.deps, log: logWith(logger, fields), metrics: broadcastMetrics }, flush: () => broadcastMetrics.flush() };
        },
    },
  );
};

const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('structured logs and broadcast metrics', () => {
  it('logs one JSON line per message with connection, room, action and request id', async () => {
    const arena = withProductionTelemetry();
    const ada = await arena.connect('conn-ada');
    lines.length = 0;

    await ada.send({ action: 'join', room: 'logged-room', name: 'Ada' });

    const handled = parsed().find((line) => line.message === 'handled');
    expect(handled).toMatchObject({
      level: 'INFO',
      service: 'serverless-arena',
      connectionId: 'conn-ada',
      routeKey: 'join',
      requestId: expect.any(String),
      action: 'join',
      room: 'logged-room',
      ms: expect.any(Number),
    });
  });

  it('never logs seat tokens or chat text at info level', async () => {
    const arena = withProductionTelemetry();
    const ada = await arena.connect('a');
    const bob = await arena.connect('b');
    await ada.send({ action: 'join', room: 'r', name: 'Ada' });
    await bob.send({ action: 'join', room: 'r', name: 'Bob' });
    const token = ada.last('welcome').you.token as string;
    await ada.close();
    const again = await arena.connect('a2');
    await again.send({ action: 'join', room: 'r', name: 'Ada', token });
    await again.send({ action: 'chat', room: 'r', text: 'my secret strategy is column three' });
    await bob.send({ action: 'join', room: 'r', name: 'Bob', token: 'wrong-token-but-still-secret-00' });

    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(all).not.toContain(token);
    expect(all).not.toContain(again.last('welcome').you.token as string);
    expect(all).not.toContain('my secret strategy');
    expect(all).not.toContain('wrong-token-but-still-secret-00');
  });

  it('emits delivered, gone, failed and duration per broadcast as CloudWatch EMF', async () => {
    const arena = withProductionTelemetry();
    const [ada, bob, cy] = await Promise.all(['a', 'b', 'c'].map(async (id) => await arena.connect(id)));
    await ada!.send({ action: 'join', room: 'm', name: 'Ada' });
    await bob!.send({ action: 'join', room: 'm', name: 'Bob' });
    await cy!.send({ action: 'join', room: 'm', name: 'Cy' });
    cy!.vanish();
    lines.length = 0;

    await ada!.send({ action: 'chat', room: 'm', text: 'hi' });

    const emf = parsed().filter((line) => '_aws' in line);
    expect(emf).toHaveLength(1);
    const [record] = emf as { _aws: { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string; Unit: string }[] }[] }; [k: string]: unknown }[];
    expect(record!._aws.CloudWatchMetrics[0]!.Namespace).toBe('ServerlessArena');
    expect(record!._aws.CloudWatchMetrics[0]!.Metrics.map((m) => m.Name).sort()).toEqual(['BroadcastDelivered', 'BroadcastDuration', 'BroadcastFailed', 'BroadcastGone']);
    // Two broadcasts (the room, then the sender's copy), then the presence-free prune: values per broadcast.
    const sum = (name: string) => ([] as number[]).concat(record![name] as number | number[]).reduce((a, b) => a + b, 0);
    expect(sum('BroadcastDelivered')).toBe(2);
    expect(sum('BroadcastGone')).toBe(1);
    expect(sum('BroadcastFailed')).toBe(0);
  });

  it('emits no metrics line for an invocation that broadcast nothing', async () => {
    const arena = withProductionTelemetry();
    await arena.connect('quiet');
    lines.length = 0;

    await arena.handshake('quiet2');

    expect(parsed().filter((line) => '_aws' in line)).toEqual([]);
  });
});
