import { schedulerLongTimers } from '../adapters/scheduler/long-timers';
import { createContainer } from './wiring';

/**
 * The wiring of the `timer` function, the one function that creates
 * EventBridge Scheduler schedules: a timer it receives early (a 15-minute hop
 * of a longer wait, sent by whichever function set the deadline) is scheduled
 * again here, as a one-time schedule when the deadline is still more than 15
 * minutes away. Its role is the only one allowed to create them (serverless.yml).
 */
const container = createContainer({ longTimers: schedulerLongTimers });

export const provideForEndpoint = container.provideForEndpoint;
