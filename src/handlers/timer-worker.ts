import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { RoomTimer } from '../ports/timers';
import { fireTimer } from '../timers/fire';
import type { ProvideForEndpoint } from './provide';

/**
 * The SQS consumer of room timers (delayed messages, and those EventBridge
 * Scheduler sends at long deadlines). Each record is awaited before the
 * handler returns; one that fails is retried by SQS alone, and after
 * `maxReceiveCount` parked in the dead-letter queue. Firing is idempotent: a
 * duplicate delivery or a timer for a turn already played writes nothing.
 */
export const timerHandler = (provide: ProvideForEndpoint) => {
  const processRecord = async (record: SQSRecord, context?: Context): Promise<void> => {
    const timer = JSON.parse(record.body) as RoomTimer;
    const { deps, flush } = provide(timer.endpoint, { messageId: record.messageId, room: timer.room }, context);
    try {
      await fireTimer(deps, timer);
    } catch (error) {
      deps.log.error('timer failed', { error: error instanceof Error ? error : String(error) });
      throw error;
    } finally {
      flush();
    }
  };
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> =>
    await processPartialResponse(event, processRecord, new BatchProcessor(EventType.SQS), context === undefined ? {} : { context });
};
