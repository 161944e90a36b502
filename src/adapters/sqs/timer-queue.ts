import { CreateScheduleCommand, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { RoomTimer, TimerQueue } from '../../ports/timers';

/** SQS delays a message by at most 15 minutes. */
export const MAX_SQS_DELAY_SECONDS = 900;

export interface LongTimers {
  client: SchedulerClient;
  /** The schedule group of this stage (the Lambda role may create schedules in it only). */
  group: string;
  /** The role EventBridge Scheduler assumes to send the timer's message to the queue. */
  roleArn: string;
  /** The timer queue's ARN: the schedule's target. */
  queueArn: string;
}

/** `at(...)` in EventBridge Scheduler's format: UTC, to the second. */
const scheduleTime = (ms: number): string => new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, '');

/**
 * Timers on AWS, with no poller: a deadline up to 15 minutes away is an SQS
 * message delayed until then (`DelaySeconds`); a longer one (a correspondence
 * game's days) is a one-time EventBridge Scheduler schedule that sends the
 * same message to the same queue at the deadline and deletes itself. Without
 * a scheduler configured, a long wait is delivered in 15-minute hops (the
 * consumer schedules what remains).
 */
export class SqsTimerQueue implements TimerQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly long: LongTimers | undefined,
    private readonly clock: () => number = Date.now,
  ) {}

  async schedule(timer: RoomTimer): Promise<void> {
    const body = JSON.stringify(timer);
    const delaySeconds = Math.max(0, Math.ceil((timer.at - this.clock()) / 1000));
    if (delaySeconds <= MAX_SQS_DELAY_SECONDS || this.long === undefined) {
      await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: body, DelaySeconds: Math.min(delaySeconds, MAX_SQS_DELAY_SECONDS) }));
      return;
    }
    try {
      await this.long.client.send(
        new CreateScheduleCommand({
        // Unique per room and deadline: scheduling the same timer twice is refused (ConflictException), not doubled.
        Name: `${timer.room}-${timer.at}`.slice(0, 64),
        GroupName: this.long.group,
        ScheduleExpression: `at(${scheduleTime(timer.at)})`,
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
          Target: { Arn: this.long.queueArn, RoleArn: this.long.roleArn, Input: body },
        }),
      );
    } catch (error) {
      // Already scheduled (a retried write, a second invocation): the timer exists, which is all that was asked.
      if ((error as { name?: string }).name !== 'ConflictException') throw error;
    }
  }
}
