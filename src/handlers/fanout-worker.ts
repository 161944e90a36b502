import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { consumeFanout } from '../fanout/consume';
import type { FanoutMessage, PayloadStore } from '../ports/fanout';
import type { ProvideForEndpoint } from './provide';

/**
 * The SQS consumer of fan-out batches, on Powertools' batch processor: every
 * record is processed (in parallel) and awaited before the handler returns; a
 * record that could not be processed is reported in `batchItemFailures`, so SQS
 * retries only that one and after `maxReceiveCount` moves it to the dead-letter
 * queue. When every record fails, the processor throws instead
 * (`FullBatchFailureError`): the invocation counts as an error, which makes the
 * SQS event source back off rather than hand the next batch to a worker that
 * cannot process any.
 */
export const fanoutHandler = (provide: ProvideForEndpoint, payloads: PayloadStore) => {
  const processRecord = async (record: SQSRecord, context?: Context): Promise<void> => {
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
  };
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> =>
    // A processor per invocation: it keeps the batch's records and outcomes as its own state, which two
    // invocations interleaving in one process (serverless offline, the tests) must not share.
    await processPartialResponse(event, processRecord, new BatchProcessor(EventType.SQS), context === undefined ? {} : { context });
};
