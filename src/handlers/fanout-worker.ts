import { consumeFanout } from '../fanout/consume';
import type { FanoutMessage, PayloadStore } from '../ports/fanout';
import type { ProvideForEndpoint } from './provide';
import { queueConsumer } from './queue-consumer';

/** The SQS consumer of fan-out batches: each message is a slice of a big room's members and the event for them. */
export const fanoutHandler = (provide: ProvideForEndpoint, payloads: PayloadStore) =>
  queueConsumer<FanoutMessage>(provide, 'fan-out batch failed', async (deps, message) => await consumeFanout(deps, payloads, message));
