import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Deps } from '../actions/deps';
import type { ProvideForEndpoint } from './provide';

/** What every queue message names: the room, and the management API endpoint to post to (a queue consumer has no request context). */
export interface QueueMessage {
  room: string;
  endpoint: string;
}

/**
 * An SQS consumer on Powertools' batch processor: every record is processed
 * (in parallel) and awaited before the handler returns; a record that fails is
 * logged with `failure`, reported in `batchItemFailures`, so SQS retries only
 * that one and after `maxReceiveCount` moves it to the dead-letter queue. When
 * every record fails, the processor throws instead (`FullBatchFailureError`):
 * the invocation counts as an error, which makes the SQS event source back off
 * rather than hand the next batch to a worker that cannot process any.
 */
export const queueConsumer = <M extends QueueMessage>(provide: ProvideForEndpoint, failure: string, consume: (deps: Deps, message: M) => Promise<void>) => {
  const processRecord = async (record: SQSRecord, context?: Context): Promise<void> => {
    const message = JSON.parse(record.body) as M;
    const { deps, flush } = provide(message.endpoint, { messageId: record.messageId, room: message.room }, context);
    try {
      await consume(deps, message);
    } catch (error) {
      deps.log.error(failure, { error: error instanceof Error ? error : String(error) });
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
