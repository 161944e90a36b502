import type { RoomTimer } from '../ports/timers';
import { fireTimer } from '../timers/fire';
import type { ProvideForEndpoint } from './provide';
import { queueConsumer } from './queue-consumer';

/**
 * The SQS consumer of room timers (delayed messages, and those EventBridge
 * Scheduler sends at long deadlines). Firing is idempotent: a duplicate
 * delivery or a timer for a turn already played writes nothing.
 */
export const timerHandler = (provide: ProvideForEndpoint) => queueConsumer<RoomTimer>(provide, 'timer failed', async (deps, timer) => await fireTimer(deps, timer));
