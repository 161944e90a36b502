import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import type { BroadcastReport } from '../broadcast';
import type { BroadcastMetrics } from '../ports/telemetry';

/** Where the metrics land: the namespace, and the `service` dimension Powertools adds (the alarms in serverless.yml name both). */
export const METRICS = { namespace: 'ServerlessArena', service: 'serverless-arena' } as const;

/** Powertools Metrics, written as CloudWatch Embedded Metric Format on stdout: no API call, no extra latency. */
export const createMetrics = (): Metrics => new Metrics({ namespace: METRICS.namespace, serviceName: METRICS.service });

export interface FlushableMetrics extends BroadcastMetrics {
  /** Writes what this invocation recorded (nothing when it recorded nothing). */
  flush: () => void;
}

export const emfBroadcastMetrics = (metrics: Metrics): FlushableMetrics => {
  let pending = false;
  return {
    record(report: BroadcastReport, durationMs: number) {
      metrics.addMetric('BroadcastDelivered', MetricUnit.Count, report.delivered.length);
      metrics.addMetric('BroadcastGone', MetricUnit.Count, report.gone.length);
      metrics.addMetric('BroadcastFailed', MetricUnit.Count, report.failed.length);
      metrics.addMetric('BroadcastDuration', MetricUnit.Milliseconds, durationMs);
      pending = true;
    },
    flush() {
      if (!pending) return;
      pending = false;
      metrics.publishStoredMetrics();
    },
  };
};
