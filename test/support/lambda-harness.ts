import type { ProbedRequest } from './io-probe';

/**
 * Invokes a handler the way real Lambda treats it: the moment the handler's
 * promise settles, the process is frozen, so every request that had not
 * completed by then (or that starts afterwards) would be lost. serverless
 * offline keeps running and hides exactly this; the harness reports it.
 */
export interface Watched {
  name: string;
  requests: readonly { arrivedAt: number; finishedAt?: number; what?: string; connectionId?: string }[];
}

export interface LostRequest {
  server: string;
  what: string;
  arrivedAt: number;
  finishedAt: number | undefined;
}

export interface Invocation<R> {
  result?: R;
  error?: unknown;
  /** Requests that would have been frozen mid-flight or never sent on real Lambda. */
  lost: LostRequest[];
  /** Requests the handler completed before it settled. */
  completed: number;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until no watched request is in flight and none arrived for `quietMs` (so dangling I/O is all seen). */
const waitForQuiet = async (watched: readonly Watched[], quietMs: number, maxMs: number): Promise<void> => {
  const deadline = performance.now() + maxMs;
  const count = () => watched.reduce((sum, w) => sum + w.requests.length, 0);
  let seen = count();
  let quietSince = performance.now();
  while (performance.now() < deadline) {
    await pause(10);
    const now = count();
    const inFlight = watched.some((w) => w.requests.some((r) => r.finishedAt === undefined));
    if (now !== seen || inFlight) {
      seen = now;
      quietSince = performance.now();
    } else if (performance.now() - quietSince >= quietMs) return;
  }
};

export const invokeLikeLambda = async <R>(handler: () => Promise<R>, watched: readonly Watched[], quietMs = 150): Promise<Invocation<R>> => {
  const before = watched.map((w) => w.requests.length);
  let result: R | undefined;
  let error: unknown;
  try {
    result = await handler();
  } catch (caught) {
    error = caught;
  }
  const frozenAt = performance.now();
  await waitForQuiet(watched, quietMs, 10_000);
  const lost: LostRequest[] = [];
  let completed = 0;
  watched.forEach((w, index) => {
    for (const request of w.requests.slice(before[index])) {
      const finishedInTime = request.arrivedAt <= frozenAt && request.finishedAt !== undefined && request.finishedAt <= frozenAt;
      if (finishedInTime) completed++;
      else lost.push({ server: w.name, what: request.what ?? request.connectionId ?? '?', arrivedAt: request.arrivedAt, finishedAt: request.finishedAt });
    }
  });
  return { ...(error === undefined ? { result: result as R } : { error }), lost, completed };
};

export type { ProbedRequest };
