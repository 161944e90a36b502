import type { RoomTimer, TimerQueue } from '../../ports/timers';
import type { SqsSender } from './sender';

/** SQS delays a message by at most 15 minutes. */
export const MAX_SQS_DELAY_SECONDS = 900;

/** Where a deadline further away than SQS can delay goes (EventBridge Scheduler: `src/adapters/scheduler/long-timers.ts`). */
export interface LongTimers {
  /** Resolves once `body`, the timer's queue message, is durably set to reach the timer queue at `timer.at`. */
  schedule(timer: RoomTimer, body: string): Promise<void>;
}

/**
 * Timers on AWS, with no poller: a deadline up to 15 minutes away is an SQS
 * message delayed until then (`DelaySeconds`). A longer one (a correspondence
 * game's days) goes to `long` when this queue has one: the `timer` function's
 * does, a one-time EventBridge Scheduler schedule that sends the same message
 * to the same queue at the deadline. Without one (every other function), the
 * wait is sent as a 15-minute hop: the timer function receives it early, finds
 * the deadline still ahead and schedules what remains with its own queue
 * (`src/timers/fire.ts`), so the long wait becomes a schedule 15 minutes later.
 */
export class SqsTimerQueue implements TimerQueue {
  constructor(
    private readonly sqs: SqsSender,
    private readonly queueUrl: string,
    private readonly long: LongTimers | undefined,
    private readonly clock: () => number = Date.now,
  ) {}

  async schedule(timer: RoomTimer): Promise<void> {
    const body = JSON.stringify(timer);
    const delaySeconds = Math.max(0, Math.ceil((timer.at - this.clock()) / 1000));
    if (delaySeconds <= MAX_SQS_DELAY_SECONDS || this.long === undefined) {
      await this.sqs.sendMessage({ QueueUrl: this.queueUrl, MessageBody: body, DelaySeconds: Math.min(delaySeconds, MAX_SQS_DELAY_SECONDS) });
      return;
    }
    await this.long.schedule(timer, body);
  }
}
