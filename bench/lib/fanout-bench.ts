import { benchFile, startChild } from './child';
import type { FanoutWorkerInput, FanoutWorkerResult } from './fanout-worker-process';
import type { FakeApiMessage } from './shared';

/**
 * Past one invocation: a 100,000-member room fanned out through the queue. One
 * worker invocation is measured for real (the fanout handler, 10 messages of 500
 * members, 20 ms round trips); the room's wall time over K parallel workers is
 * then simulated from it, since this 2-core machine cannot host K Lambdas.
 */
export interface FanoutRow {
  workers: number;
  /** Invocations each worker runs one after another. */
  rounds: number;
  /** enqueue + rounds x one invocation. */
  simulatedMs: number;
  /** What API Gateway's 10,000 requests/s account limit allows at best. */
  accountFloorMs: number;
  /** The larger of the two: what a real deployment can expect at most. */
  expectedMs: number;
}

export interface FanoutBench {
  roomSize: number;
  measured: FanoutWorkerResult;
  /** Building the messages (measured) plus one SendMessageBatch round trip for the parallel calls (modelled). */
  enqueueMs: number;
  rows: FanoutRow[];
}

const SQS_ROUND_TRIP_MS = 20;
const ACCOUNT_REQUESTS_PER_SECOND = 10_000;

export const runFanoutBench = async (options: { latencyMs: number; roomSize: number; workers: number[]; log: (line: string) => void }): Promise<FanoutBench> => {
  const api = startChild<FakeApiMessage>(benchFile('fake-api-process.ts'), { latencyMs: options.latencyMs });
  try {
    const ready = await api.next();
    if (ready.type !== 'ready') throw new Error('fake API did not start');
    options.log(`  one fanout worker invocation (10 messages x 500 members) against the fake API ...`);
    const worker = startChild<FanoutWorkerResult>(benchFile('fanout-worker-process.ts'), {
      endpoint: ready.endpoint,
      roomSize: options.roomSize,
      messagesPerInvocation: 10,
    } satisfies FanoutWorkerInput);
    const measured = await worker.next();
    await worker.exited(10_000);
    const enqueueMs = measured.buildMs + SQS_ROUND_TRIP_MS;
    const invocations = Math.ceil(measured.messages / 10);
    const accountFloorMs = (options.roomSize / ACCOUNT_REQUESTS_PER_SECOND) * 1000;
    const rows = options.workers.map((workers): FanoutRow => {
      const rounds = Math.ceil(invocations / workers);
      const simulatedMs = enqueueMs + rounds * measured.invocationMs;
      return { workers, rounds, simulatedMs, accountFloorMs, expectedMs: Math.max(simulatedMs, accountFloorMs) };
    });
    return { roomSize: options.roomSize, measured, enqueueMs, rows };
  } finally {
    await api.kill();
  }
};
