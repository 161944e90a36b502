import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { SchedulerLongTimers } from '../../../src/adapters/scheduler/long-timers';
import { LeanSqs } from '../../../src/adapters/sqs/lean-sqs';
import { SqsTimerQueue } from '../../../src/adapters/sqs/timer-queue';
import { FakeSqs } from '../../support/fake-sqs';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/timers';
const schedulerMock = mockClient(SchedulerClient);
const settings = { group: 'arena-prod-timers', roleArn: 'arn:aws:iam::123456789012:role/scheduler', queueArn: 'arn:aws:sqs:us-east-1:123456789012:timers' };
const long = new SchedulerLongTimers(new SchedulerClient({ region: 'us-east-1' }), settings);
let sqs: FakeSqs;
// Through the lean client, as in production, answered in memory by the fake queue.
const queue = (withScheduler = true) =>
  new SqsTimerQueue(
    new LeanSqs({ region: 'us-east-1', credentials: async () => await Promise.resolve({ accessKeyId: 'a', secretAccessKey: 'b' }), transport: sqs.transport }),
    QUEUE_URL,
    withScheduler ? long : undefined,
    () => NOW,
  );
const timer = (inMs: number) => ({ room: 'r1', at: NOW + inMs, endpoint: 'https://abc.execute-api.us-east-1.amazonaws.com/prod' });

describe('timers on AWS', () => {
  beforeEach(() => {
    sqs = new FakeSqs();
    schedulerMock.reset();
  });

  it('sends a deadline up to 15 minutes away as an SQS message delayed until then', async () => {
    await queue().schedule(timer(30_400));
    await queue().schedule(timer(900_000));

    expect(sqs.sent).toEqual([
      { queueUrl: QUEUE_URL, delaySeconds: 31, body: JSON.stringify(timer(30_400)) },
      { queueUrl: QUEUE_URL, delaySeconds: 900, body: JSON.stringify(timer(900_000)) },
    ]);
    expect(schedulerMock).not.toHaveReceivedCommand(CreateScheduleCommand);
  });

  it('schedules a longer one with EventBridge Scheduler: once, at the deadline, to the same queue, deleted after', async () => {
    const twoDays = timer(2 * 24 * 3600 * 1000 + 500);

    await queue().schedule(twoDays);

    expect(sqs.calls).toEqual([]);
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

    expect(sqs.sent).toEqual([{ queueUrl: QUEUE_URL, delaySeconds: 900, body: JSON.stringify(timer(86_400_000)) }]);
    expect(schedulerMock).not.toHaveReceivedCommand(CreateScheduleCommand);
  });

  it('fails when SQS refuses the message, so the write that set the deadline is not answered as done', async () => {
    sqs.script = () => ({
      status: 400,
      headers: { 'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender' },
      body: JSON.stringify({ __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' }),
    });

    await expect(queue().schedule(timer(30_000))).rejects.toMatchObject({ name: 'QueueDoesNotExist', Code: 'AWS.SimpleQueueService.NonExistentQueue' });
  });
});
