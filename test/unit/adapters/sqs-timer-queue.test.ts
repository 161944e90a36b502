import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { SchedulerLongTimers } from '../../../src/adapters/scheduler/long-timers';
import { SqsTimerQueue } from '../../../src/adapters/sqs/timer-queue';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const sqsMock = mockClient(SQSClient);
const schedulerMock = mockClient(SchedulerClient);
const settings = { group: 'arena-prod-timers', roleArn: 'arn:aws:iam::123456789012:role/scheduler', queueArn: 'arn:aws:sqs:us-east-1:123456789012:timers' };
const long = new SchedulerLongTimers(new SchedulerClient({ region: 'us-east-1' }), settings);
const queue = (withScheduler = true) => new SqsTimerQueue(new SQSClient({ region: 'us-east-1' }), 'https://sqs.us-east-1.amazonaws.com/123456789012/timers', withScheduler ? long : undefined, () => NOW);
const timer = (inMs: number) => ({ room: 'r1', at: NOW + inMs, endpoint: 'https://abc.execute-api.us-east-1.amazonaws.com/prod' });

describe('timers on AWS', () => {
  beforeEach(() => {
    sqsMock.reset();
    schedulerMock.reset();
  });

  it('sends a deadline up to 15 minutes away as an SQS message delayed until then', async () => {
    await queue().schedule(timer(30_400));
    await queue().schedule(timer(900_000));

    expect(sqsMock).toHaveReceivedNthCommandWith(SendMessageCommand, 1, { DelaySeconds: 31, MessageBody: JSON.stringify(timer(30_400)) });
    expect(sqsMock).toHaveReceivedNthCommandWith(SendMessageCommand, 2, { DelaySeconds: 900 });
    expect(schedulerMock).not.toHaveReceivedCommand(CreateScheduleCommand);
  });

  it('schedules a longer one with EventBridge Scheduler: once, at the deadline, to the same queue, deleted after', async () => {
    const twoDays = timer(2 * 24 * 3600 * 1000 + 500);

    await queue().schedule(twoDays);

    expect(sqsMock).not.toHaveReceivedCommand(SendMessageCommand);
    expect(schedulerMock).toHaveReceivedCommandWith(CreateScheduleCommand, {
      Name: `r1-${twoDays.at}`,
      GroupName: 'arena-prod-timers',
      ScheduleExpression: 'at(2026-11-29T12:00:01)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: { Arn: settings.queueArn, RoleArn: settings.roleArn, Input: JSON.stringify(twoDays) },
    });
  });

  it('takes a schedule that already exists as done, and fails on anything else', async () => {
    schedulerMock.on(CreateScheduleCommand).rejectsOnce(Object.assign(new Error('exists'), { name: 'ConflictException' })).rejectsOnce(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));

    await expect(queue().schedule(timer(86_400_000))).resolves.toBeUndefined();
    await expect(queue().schedule(timer(86_400_000))).rejects.toThrow('denied');
  });

  it('without a scheduler (every function but timer), sends a long wait as a 15-minute hop', async () => {
    await queue(false).schedule(timer(86_400_000));

    expect(sqsMock).toHaveReceivedCommandWith(SendMessageCommand, { DelaySeconds: 900 });
  });
});
