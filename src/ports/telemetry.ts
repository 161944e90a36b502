import type { BroadcastReport } from '../broadcast';

/** Structured log lines; the production adapter is Powertools Logger. Never pass tokens or chat text. */
export interface Log {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Per-broadcast figures; the production adapter emits CloudWatch EMF through Powertools Metrics. */
export interface BroadcastMetrics {
  record(report: BroadcastReport, durationMs: number): void;
}

export const silentLog: Log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
export const noMetrics: BroadcastMetrics = { record: () => {} };
