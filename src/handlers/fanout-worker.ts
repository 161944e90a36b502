import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { consumeFanout } from '../fanout/consume';
import type { FanoutMessage, PayloadStore } from '../ports/fanout';
import type { Invocation } from './provide';

type ProvideForEndpoint = (endpoint: string, logFields: Record<string, unknown>, context?: Context) => Invocation;

/**
 * The SQS consumer of fan-out batches. Every record is processed (in parallel)
 * and awaited before returning; a record that could not be processed is
 * reported in `batchItemFailures` so SQS retries only that one, and after
 * `maxReceiveCount` moves it to the dead-letter queue.
 */
export const fanoutHandler =
  (provide: ProvideForEndpoint, payloads: PayloadStore) =>
  async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    const results = await Promise.allSettled(
      event.Records.map(async (record) => {
        const message = JSON.parse(record.body) as FanoutMessage;
        const { deps, flush } = provide(message.endpoint, { messageId: record.messageId, room: message.room }, context);
        try {
          await consumeFanout(deps, payloads, message);
        } catch (error) {
          deps.log.error('fan-out batch failed', { error: error instanceof Error ? error : String(error) });
          throw error;
        } finally {
          flush();
        }
      }),
    );
    return {
      batchItemFailures: results.flatMap((result, index) => (result.status === 'rejected' ? [{ itemIdentifier: event.Records[index]?.messageId ?? '' }] : [])),
    };
  };
