import { createContainer } from './wiring';

/**
 * The wiring of every route function and of `fanout`: timers go to the timer
 * queue only, a wait longer than SQS's 15-minute delay as a 15-minute hop that
 * the `timer` function turns into an EventBridge Scheduler schedule
 * (`timer-container.ts`). Nothing here reaches the Scheduler client, so these
 * bundles do not carry it (docs/performance.md, "Bundle size").
 */
const container = createContainer();

export const provideForEndpoint = container.provideForEndpoint;
export const provideDeps = container.provideDeps;
export const payloadStore = container.payloadStore;
