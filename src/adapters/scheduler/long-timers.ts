import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import type { Config } from '../../config';
import type { RoomTimer } from '../../ports/timers';
import type { LongTimers } from '../sqs/timer-queue';

type SchedulerSettings = NonNullable<Config['longTimers']>;

/** `at(...)` in EventBridge Scheduler's format: UTC, to the second. */
const scheduleTime = (ms: number): string => new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, '');

/**
 * Deadlines beyond SQS's 15-minute delay as one-time EventBridge Scheduler
 * schedules: at the deadline the schedule sends the timer's own message to the
 * timer queue, and deletes itself. Only the `timer` function creates them (see
 * `src/handlers/timer-container.ts`): everything else sends a long wait as a
 * 15-minute SQS hop, so the Scheduler client is bundled in one function only.
 */
export class SchedulerLongTimers implements LongTimers {
  constructor(
    private readonly client: SchedulerClient,
    private readonly settings: SchedulerSettings,
  ) {}

  async schedule(timer: RoomTimer, body: string): Promise<void> {
    try {
      await this.client.send(
        new CreateScheduleCommand({
          // Unique per room and deadline: scheduling the same timer twice is refused (ConflictException), not doubled.
          Name: `${timer.room}-${timer.at}`.slice(0, 64),
          GroupName: this.settings.group,
          ScheduleExpression: `at(${scheduleTime(timer.at)})`,
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: { Arn: this.settings.queueArn, RoleArn: this.settings.roleArn, Input: body },
        }),
      );
    } catch (error) {
      // Already scheduled (a retried write, a second invocation): the timer exists, which is all that was asked.
      if ((error as { name?: string }).name !== 'ConflictException') throw error;
    }
  }
}

/** The Scheduler adapter of a container, or none when the stage has no schedule group (long waits then hop through SQS). */
export const schedulerLongTimers = (config: Pick<Config, 'region' | 'longTimers'>): LongTimers | undefined =>
  config.longTimers === undefined ? undefined : new SchedulerLongTimers(new SchedulerClient({ region: config.region }), config.longTimers);
