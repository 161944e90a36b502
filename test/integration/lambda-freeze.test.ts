import type { APIGatewayProxyWebsocketEventV2, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDynamo, type TestDynamo } from '../support/dynamo';
import { wsEvent } from '../support/events';
import { FakeManagementApi } from '../support/fake-management-api';
import { FakeScheduler } from '../support/fake-scheduler';
import { FakeSqs } from '../support/fake-sqs';
import { probeServer, type ProbedRequest } from '../support/io-probe';
import { invokeLikeLambda, type Watched } from '../support/lambda-harness';

/**
 * Every production handler, wired exactly as on Lambda (configuration from the
 * environment, clients created at cold start), invoked through the harness that
 * freezes the world when the handler's promise settles. Any request to the
 * management API or to DynamoDB still in flight at that moment is lost.
 */
type Handler = (event: APIGatewayProxyWebsocketEventV2 | SQSEvent) => Promise<unknown>;

let db: TestDynamo;
let api: FakeManagementApi;
let dynamoRequests: ProbedRequest[];
let watched: Watched[];
let sqs: FakeSqs;
let scheduler: FakeScheduler;
const handlers: Record<string, Handler> = {};

beforeAll(async () => {
  db = await startTestDynamo({ tableName: 'arena-freeze' });
  dynamoRequests = probeServer(db.server);
  // A round trip long enough that nothing un-awaited can finish by luck.
  api = new FakeManagementApi({ latencyMs: 25, goneStyle: 'offline' });
  process.env.TABLE_NAME = db.tableName;
  process.env.DYNAMODB_ENDPOINT = db.endpoint;
  process.env.WEBSOCKET_API_ENDPOINT = await api.start();
  // Rooms of more than 3 members take the fan-out path (in process here, as under serverless offline).
  process.env.FANOUT_THRESHOLD = '3';
  // Timers go to a queue, as on AWS (not in process): scheduling one is I/O the handler must finish too.
  // It checks every request's SigV4 signature against the credentials the handlers have (vitest's environment).
  sqs = new FakeSqs(400, { accessKeyId: 'test', secretAccessKey: 'test' });
  process.env.TIMER_QUEUE_URL = `${await sqs.start()}/000000000000/timers`;
  // EventBridge Scheduler for long clocks, configured in the whole process as for the timer function on AWS: the
  // other functions must not use it even so (they send a 15-minute hop), and the timer function must.
  scheduler = new FakeScheduler(400);
  process.env.AWS_ENDPOINT_URL_SCHEDULER = await scheduler.start();
  process.env.SCHEDULE_GROUP = 'serverless-arena-test-timers';
  process.env.SCHEDULER_ROLE_ARN = 'arn:aws:iam::000000000000:role/timer-scheduler';
  process.env.TIMER_QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:timers';
  for (const name of ['connect', 'disconnect', 'default', 'join', 'create', 'quickplay', 'rooms', 'move', 'chat', 'sync', 'leave', 'rematch', 'ping', 'fanout', 'timer']) {
    handlers[name] = ((await import(`../../src/handlers/${name}.ts`)) as { handler: Handler }).handler;
  }
  watched = [
    { name: 'management API', requests: api.requests },
    { name: 'DynamoDB', requests: dynamoRequests },
    { name: 'SQS', requests: probeServer(sqs.server) },
    { name: 'Scheduler', requests: probeServer(scheduler.server) },
  ];
});
afterAll(async () => {
  await scheduler.stop();
  await sqs.stop();
  await api.stop();
  await db.close();
});

const invoke = async (route: string, connectionId: string, body?: unknown) => {
  const name = route.startsWith('$') ? route.slice(1) : route;
  const handler = handlers[name];
  if (handler === undefined) throw new Error(`no handler ${name}`);
  return await invokeLikeLambda(() => handler(wsEvent(route, connectionId, body)), watched);
};

const expectNothingLost = async (route: string, connectionId: string, body?: unknown) => {
  const invocation = await invoke(route, connectionId, body);
  expect(invocation.error).toBeUndefined();
  expect(invocation.lost).toEqual([]);
  expect(invocation.completed).toBeGreaterThan(0);
  return invocation;
};

describe('the Lambda-freeze harness', () => {
  it('catches the seed bug: a handler that broadcasts without awaiting loses messages', async () => {
    const { broadcast } = await import('../../src/broadcast');
    const { createGatewayClient } = await import('../../src/adapters/gateway/client');
    const gateway = createGatewayClient({ region: 'us-east-1', localCredentials: undefined, broadcastConcurrency: undefined }, api.endpoint);
    api.connect('x1', 'x2', 'x3');
    const seedHandler = async () => {
      // eslint-disable-next-line @typescript-eslint/no-floating-promises -- the bug this harness exists to catch
      broadcast(gateway, ['x1', 'x2', 'x3'], { type: 'chat', text: 'lost?' });
      return await Promise.resolve({ statusCode: 200 });
    };

    const invocation = await invokeLikeLambda(seedHandler, watched);

    expect(invocation.lost.map((l) => l.what).sort()).toEqual(['x1', 'x2', 'x3']);
    // serverless offline would have hidden it: the messages do arrive when the process keeps running
    expect(api.received('x1').at(-1)).toEqual({ type: 'chat', text: 'lost?' });
  });

  it('passes the same handler once it awaits the broadcast', async () => {
    const { broadcast } = await import('../../src/broadcast');
    const { createGatewayClient } = await import('../../src/adapters/gateway/client');
    const gateway = createGatewayClient({ region: 'us-east-1', localCredentials: undefined, broadcastConcurrency: undefined }, api.endpoint);
    const fixedHandler = async () => {
      await broadcast(gateway, ['x1', 'x2', 'x3'], { type: 'chat', text: 'kept' });
      return { statusCode: 200 };
    };

    const invocation = await invokeLikeLambda(fixedHandler, watched);

    expect(invocation.lost).toEqual([]);
    expect(invocation.completed).toBe(3);
  });
});

describe('every production handler finishes its I/O before it returns', () => {
  it('loses nothing on any route, through a whole game', async () => {
    api.connect('a', 'b', 's', 'v');
    for (const id of ['a', 'b', 's', 'v']) await expectNothingLost('$connect', id);

    await expectNothingLost('join', 'a', { action: 'join', room: 'g', name: 'Ada' });
    await expectNothingLost('join', 'b', { action: 'join', room: 'g', name: 'Bob' });
    await expectNothingLost('join', 's', { action: 'join', room: 'g', name: 'Sam' });
    await expectNothingLost('join', 'v', { action: 'join', room: 'g', name: 'Vic' });
    // v's socket dies without $disconnect: the next broadcast finds it gone (410) and prunes it.
    api.disconnect('v');
    await expectNothingLost('chat', 's', { action: 'chat', room: 'g', text: 'hello' });
    expect(await db.members.list('g')).not.toContain('v');
    expect(await db.connections.get('v')).toBeUndefined();

    for (let i = 0; i < 3; i++) {
      await expectNothingLost('move', 'a', { action: 'move', room: 'g', column: 0 });
      await expectNothingLost('move', 'b', { action: 'move', room: 'g', column: 1 });
    }
    await expectNothingLost('move', 'a', { action: 'move', room: 'g', column: 0 });
    expect(api.received('s').at(-1)).toMatchObject({ type: 'moved', state: { status: 'won', winner: 0 } });

    await expectNothingLost('sync', 'b', { action: 'sync', room: 'g', since: 1, id: 'q' });
    await expectNothingLost('rematch', 'a', { action: 'rematch', room: 'g' });
    await expectNothingLost('rematch', 'b', { action: 'rematch', room: 'g' });
    expect(api.received('s').at(-1)).toMatchObject({ type: 'rematch', started: true });
    await expectNothingLost('ping', 'a', { action: 'ping', id: 'p' });
    await expectNothingLost('default', 'a', 'not json');
    await expectNothingLost('default', 'a', { action: 'teleport' });
    await expectNothingLost('move', 's', { action: 'move', room: 'g', column: 3 });
    expect(api.received('s').at(-1)).toMatchObject({ type: 'error', code: 'NOT_YOUR_TURN' });

    await expectNothingLost('leave', 's', { action: 'leave', room: 'g' });
    // a's socket closes: $disconnect tells the room the seat went offline
    api.disconnect('a');
    await expectNothingLost('$disconnect', 'a');
    expect(api.received('b').at(-1)).toMatchObject({ type: 'presence', seat: 0, online: false });
    await expectNothingLost('$disconnect', 'b');
    expect(await db.members.list('g')).toEqual([]);
  });
});

describe('the fan-out paths finish their I/O too', () => {
  it('a room above the threshold, through the in-process queue', async () => {
    const crowd = ['c1', 'c2', 'c3', 'c4', 'c5'];
    api.connect(...crowd);
    for (const id of crowd) {
      await expectNothingLost('$connect', id);
      await expectNothingLost('join', id, { action: 'join', room: 'crowd', name: id });
    }
    api.disconnect('c5');

    await expectNothingLost('chat', 'c1', { action: 'chat', room: 'crowd', text: 'to the crowd' });

    for (const id of ['c2', 'c3', 'c4']) expect(api.received(id).at(-1)).toMatchObject({ type: 'chat', text: 'to the crowd' });
    expect(await db.members.list('crowd')).not.toContain('c5');
  });

  it('the SQS worker', async () => {
    api.connect('q1', 'q2');
    const body = JSON.stringify({ room: 'queued', endpoint: api.endpoint, connectionIds: ['q1', 'q2', 'q-gone'], payload: { inline: { type: 'chat', room: 'queued', seq: 1, text: 'queued' } } });
    const event: SQSEvent = { Records: [{ messageId: 'm1', body } as SQSRecord] };

    const invocation = await invokeLikeLambda(async () => await handlers.fanout!(event), watched);

    expect(invocation.lost).toEqual([]);
    expect(invocation.result).toEqual({ batchItemFailures: [] });
    expect(api.received('q2').at(-1)).toMatchObject({ text: 'queued' });
  });
});

describe('clocks, quick play and the lobby finish their I/O too', () => {
  it('create with a clock, quick play, the lobby, and a timer that ends the game', async () => {
    api.connect('k1', 'k2', 'k3', 'k4', 'k5');
    for (const id of ['k1', 'k2', 'k3', 'k4', 'k5']) await expectNothingLost('$connect', id);

    await expectNothingLost('create', 'k1', { action: 'create', game: 'connect4', name: 'Kit', clock: { turnSeconds: 2 }, visibility: 'public', id: 'c' });
    const room = (api.received('k1').at(-1) as { room: string }).room;
    await expectNothingLost('quickplay', 'k2', { action: 'quickplay', game: 'connect4', name: 'Kim' });
    expect(api.received('k2').at(-1)).toMatchObject({ type: 'welcome', room, you: { seat: 1 } });
    await expectNothingLost('quickplay', 'k3', { action: 'quickplay', game: 'battleship', name: 'Kai' });
    await expectNothingLost('quickplay', 'k4', { action: 'quickplay', game: 'battleship', name: 'Kya' });
    await expectNothingLost('rooms', 'k5', { action: 'rooms', game: 'connect4', status: 'playing' });
    expect(api.received('k5').at(-1)).toMatchObject({ type: 'rooms', rooms: [{ room, players: ['Kit', 'Kim'] }] });

    // The second seat started the clock: its write scheduled the timer, a message delayed until the deadline.
    const scheduled = sqs.sent.filter((message) => message.queueUrl.endsWith('/timers')).map((message) => ({ ...message, timer: JSON.parse(message.body) as { room: string; at: number } }));
    const timer = scheduled.find((message) => message.timer.room === room);
    expect(timer?.delaySeconds).toBe(2);
    expect(api.received('k2').some((m) => (m as { type: string }).type === 'ended')).toBe(false);
    // The turn runs out; the message arrives, as SQS would deliver it, and ends the game.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, (timer?.timer.at ?? 0) - Date.now() + 50)));
    const invocation = await invokeLikeLambda(async () => await handlers.timer!({ Records: [{ messageId: 't1', body: timer?.body } as SQSRecord] }), watched);

    expect(invocation.lost).toEqual([]);
    expect(invocation.result).toEqual({ batchItemFailures: [] });
    expect(api.received('k2').at(-1)).toMatchObject({ type: 'ended', reason: 'timeout', seats: [0], state: { winner: 1 } });
    expect(scheduler.created).toEqual([]);
    expect(sqs.refused).toEqual([]);
  });

  it('a clock longer than 15 minutes: the acting handler sends a 15-minute hop, the timer function schedules the rest', async () => {
    api.connect('h1', 'h2');
    for (const id of ['h1', 'h2']) await expectNothingLost('$connect', id);
    await expectNothingLost('create', 'h1', { action: 'create', game: 'connect4', name: 'Hal', clock: { turnSeconds: 3 * 3600 }, id: 'c' });
    const room = (api.received('h1').at(-1) as { room: string }).room;

    // The second seat starts the three-hour clock: its write sends the timer as SQS's longest delay, no schedule.
    await expectNothingLost('join', 'h2', { action: 'join', room, name: 'Hana' });
    const hops = sqs.sent.filter((message) => (JSON.parse(message.body) as { room: string }).room === room);
    expect(hops.map((message) => message.delaySeconds)).toEqual([900]);
    const timer = JSON.parse(hops[0]!.body) as { room: string; at: number };
    expect(timer.at - Date.now()).toBeGreaterThan(3 * 3600_000 - 60_000);
    expect(scheduler.created).toEqual([]);

    // The hop arrives (early, as it would after 15 minutes): the timer function makes the rest one schedule.
    const invocation = await invokeLikeLambda(async () => await handlers.timer!({ Records: [{ messageId: 'h', body: hops[0]!.body } as SQSRecord] }), watched);

    expect(invocation.lost).toEqual([]);
    expect(invocation.result).toEqual({ batchItemFailures: [] });
    expect(scheduler.created).toEqual([
      {
        name: `${room}-${timer.at}`,
        group: 'serverless-arena-test-timers',
        expression: `at(${new Date(Math.ceil(timer.at / 1000) * 1000).toISOString().slice(0, 19)})`,
        timezone: 'UTC',
        actionAfterCompletion: 'DELETE',
        target: { Arn: 'arn:aws:sqs:us-east-1:000000000000:timers', RoleArn: 'arn:aws:iam::000000000000:role/timer-scheduler', Input: hops[0]!.body },
      },
    ]);
    // Nothing more went to the queue for it, and nobody was told anything: the turn is still running.
    expect(sqs.sent.filter((message) => (JSON.parse(message.body) as { room: string }).room === room)).toHaveLength(1);
    expect(api.received('h2').some((m) => (m as { type: string }).type === 'ended')).toBe(false);
  });
});
