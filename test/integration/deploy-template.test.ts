import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Actions } from '../../src/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageService } from '../../scripts/package';
import { METRICS } from '../../src/observability/metrics';

/**
 * `serverless package` builds the real deployment artefact with no AWS account;
 * these tests read the CloudFormation template it generates, which is what AWS
 * would deploy.
 */
type Resource = { Type: string; Properties: Record<string, unknown>; Condition?: string; DeletionPolicy?: string; UpdateReplacePolicy?: string };
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

let outDir: string;
/** The temp directory the packaging run is given: whatever it leaves there, it left behind. */
let tempDir: string;
let leftInTemp: string[];
let resources: Record<string, Resource>;
let template: { Resources: Record<string, Resource>; Parameters?: Record<string, { Type: string; Default?: string }>; Conditions?: Record<string, unknown> };

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'arena-package-'));
  tempDir = await mkdtemp(join(tmpdir(), 'arena-package-tmpdir-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')));
  // Exactly what `npm run package` runs (the page build included), with its own temp directory to inspect.
  const run = await packageService(['--stage', 'ci', '--package', outDir], {
    // No credentials, and no instance metadata lookup either: packaging must not need AWS.
    // Its own build folder: packaging wipes it, and a local stack may be loading handlers from the default one.
    env: { ...env, AWS_EC2_METADATA_DISABLED: 'true', SLS_TELEMETRY_DISABLED: '1', ESBUILD_WORK_FOLDER: `.esbuild/package-test-${process.pid}`, TMPDIR: tempDir },
    stdio: 'pipe',
    timeoutMs: 180_000,
  });
  if (run.code !== 0) throw new Error(`serverless package failed (${run.code}):\n${run.output}`);
  template = JSON.parse(await readFile(join(outDir, 'cloudformation-template-update-stack.json'), 'utf8')) as typeof template;
  resources = template.Resources;
  leftInTemp = await readdir(tempDir);
}, 200_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
  await rm(tempDir, { recursive: true, force: true });
});

describe('the packaged CloudFormation template', () => {
  it('has the WebSocket API routing on $request.body.action, with every route', () => {
    const [[, api] = []] = ofType('AWS::ApiGatewayV2::Api');
    expect(api?.Properties).toMatchObject({ ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' });
    // The WebSocket API's routes only: the game page has an HTTP API of its own.
    const routes = ofType('AWS::ApiGatewayV2::Route')
      .filter(([, r]) => JSON.stringify(r.Properties.ApiId) === '{"Ref":"WebsocketsApi"}')
      .map(([, r]) => r.Properties.RouteKey);
    // One route per protocol action (protocol.ts), and the three API Gateway's own.
    expect(routes.sort()).toEqual(['$connect', '$default', '$disconnect', ...Object.values(Actions)].sort());
  });

  it('throttles the stage', () => {
    const [[, stage] = []] = ofType('AWS::ApiGatewayV2::Stage');
    expect(stage?.Properties.DefaultRouteSettings).toEqual({ ThrottlingBurstLimit: expect.any(Number), ThrottlingRateLimit: expect.any(Number) });
  });

  it('declares the table: keys, on-demand billing, TTL, encryption', () => {
    const tables = ofType('AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const [, table] = tables[0]!;
    expect(table.Properties).toMatchObject({
      TableName: 'serverless-arena-ci',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: { SSEEnabled: true },
    });
    // Point-in-time recovery, and a table that outlives its stack: a mistaken `serverless remove` or a change
    // that makes CloudFormation replace the table must not take the rooms with it.
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    // One index, the lobby's: sparse (only listed rooms carry its key) and projecting only what the lobby shows.
    expect(table.Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'lobby',
        KeySchema: [
          { AttributeName: 'lobbyPk', KeyType: 'HASH' },
          { AttributeName: 'lobbySk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['lobby', 'spectators'] },
      },
    ]);
  });

  it('runs every function on nodejs22.x with TABLE_NAME set', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThanOrEqual(10);
    for (const [, fn] of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.TABLE_NAME).toBe('serverless-arena-ci');
    }
  });

  it('grants least privilege: named actions only, never Resource "*"', () => {
    const roles = Object.fromEntries(ofType('AWS::IAM::Role'));
    expect(Object.keys(roles).sort()).toEqual(['ArenaLambdaRole', 'ArenaPageRole', 'ArenaTimerRole', 'TimerSchedulerRole']);
    const roleOf: Record<string, string> = { PageLambdaFunction: 'ArenaPageRole', TimerLambdaFunction: 'ArenaTimerRole' };
    for (const [name, fn] of ofType('AWS::Lambda::Function')) {
      expect(fn.Properties.Role, name).toEqual({ 'Fn::GetAtt': [roleOf[name] ?? 'ArenaLambdaRole', 'Arn'] });
    }
    const statementsOf = (role: Resource) => (role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
    // EventBridge Scheduler may send to the timer queue, and nothing else.
    expect(statementsOf(roles.TimerSchedulerRole!)).toEqual([{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [{ 'Fn::GetAtt': ['TimerQueue', 'Arn'] }] }]);
    for (const statement of [...statementsOf(roles.ArenaLambdaRole!), ...statementsOf(roles.ArenaTimerRole!), ...statementsOf(roles.ArenaPageRole!)]) {
      expect(statement.Effect).toBe('Allow');
      for (const action of asList(statement.Action)) expect(action, `action ${action}`).not.toMatch(/\*/);
      for (const resource of asList(statement.Resource)) expect(resource, JSON.stringify(resource)).not.toBe('*');
    }
    // The page serves files from its own package: it may write its logs and nothing else.
    expect(statementsOf(roles.ArenaPageRole!).flatMap((s) => asList(s.Action)).every((action) => action.startsWith('logs:'))).toBe(true);
    expect(JSON.stringify(statementsOf(roles.ArenaPageRole!))).toContain('log-group:/aws/lambda/serverless-arena-ci-page:');

    const statements = statementsOf(roles.ArenaLambdaRole!);
    const dynamo = statements.filter((s) => asList(s.Action).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toHaveLength(2);
    expect(asList(dynamo[0]!.Action).sort()).toEqual(
      ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'].sort(),
    );
    expect(asList(dynamo[0]!.Resource)).toEqual([{ 'Fn::GetAtt': ['ArenaTable', 'Arn'] }]);
    // The lobby's index: Query, and nothing else.
    expect(asList(dynamo[1]!.Action)).toEqual(['dynamodb:Query']);
    expect(asList(dynamo[1]!.Resource)).toEqual([{ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['ArenaTable', 'Arn'] }, '/index/lobby']] }]);
    expect(JSON.stringify(dynamo)).not.toMatch(/Scan/);

    const manage = statements.filter((s) => asList(s.Action).includes('execute-api:ManageConnections'));
    expect(manage).toHaveLength(1);
    const arn = JSON.stringify(manage[0]!.Resource);
    expect(arn).toContain('"Ref":"WebsocketsApi"');
    expect(arn).toContain('/ci/POST/@connections/*');

    const logs = statements.filter((s) => asList(s.Action).some((a) => a.startsWith('logs:')));
    for (const statement of logs) expect(JSON.stringify(statement.Resource)).toContain('log-group:/aws/lambda/serverless-arena-ci-*');
  });

  it('fans big rooms out through SQS, with a dead-letter queue for poison batches', () => {
    const queues = Object.fromEntries(ofType('AWS::SQS::Queue'));
    expect(Object.keys(queues).sort()).toEqual(['FanoutDeadLetterQueue', 'FanoutQueue', 'TimerDeadLetterQueue', 'TimerQueue']);
    expect(queues.FanoutQueue!.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': ['FanoutDeadLetterQueue', 'Arn'] }, maxReceiveCount: 3 });
    const mapping = ofType('AWS::Lambda::EventSourceMapping').find(([, m]) => JSON.stringify(m.Properties.EventSourceArn).includes('FanoutQueue'))?.[1];
    expect(mapping?.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['FanoutQueue', 'Arn'] },
      FunctionName: { 'Fn::GetAtt': ['FanoutLambdaFunction', 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      // The minimum SQS allows: two workers already reach API Gateway's account limit (docs/deploy.md).
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    const role = Object.fromEntries(ofType('AWS::IAM::Role')).ArenaLambdaRole!;
    const sqs = (role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[])
      .flatMap((p) => p.PolicyDocument.Statement)
      .filter((s) => asList(s.Action).some((a) => a.startsWith('sqs:')));
    expect(sqs.map((s) => s.Resource)).toEqual([[{ 'Fn::GetAtt': ['FanoutQueue', 'Arn'] }], [{ 'Fn::GetAtt': ['TimerQueue', 'Arn'] }]]);
  });

  it('runs room clocks on a timer queue (delays up to 15 minutes) and EventBridge Scheduler (longer), least privilege', () => {
    const queues = Object.fromEntries(ofType('AWS::SQS::Queue'));
    expect(queues.TimerQueue!.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': ['TimerDeadLetterQueue', 'Arn'] }, maxReceiveCount: 3 });
    const mapping = ofType('AWS::Lambda::EventSourceMapping').find(([, m]) => JSON.stringify(m.Properties.EventSourceArn).includes('TimerQueue'))?.[1];
    expect(mapping?.Properties).toMatchObject({ FunctionName: { 'Fn::GetAtt': ['TimerLambdaFunction', 'Arn'] }, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    const [[groupId, group] = []] = ofType('AWS::Scheduler::ScheduleGroup');
    expect(group?.Properties.Name).toBe('serverless-arena-ci-timers');
    const roles = Object.fromEntries(ofType('AWS::IAM::Role'));
    const statementsOf = (role: Resource | undefined) => ((role?.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
    const isScheduling = (s: Statement) => asList(s.Action).some((a) => a.startsWith('scheduler:') || a === 'iam:PassRole');
    // Only the timer function creates schedules (the others send a long wait as a 15-minute hop): only its role may.
    expect(statementsOf(roles.ArenaLambdaRole).filter(isScheduling)).toEqual([]);
    const timerStatements = statementsOf(roles.ArenaTimerRole);
    // Beside that, the timer function may do what every function may, and nothing more.
    const sorted = (list: Statement[]) => list.map((s) => ({ ...s, Action: [...asList(s.Action)].sort() }));
    expect(sorted(timerStatements.filter((s) => !isScheduling(s)))).toEqual(sorted(statementsOf(roles.ArenaLambdaRole)));
    const schedule = timerStatements.filter((s) => asList(s.Action).some((a) => a.startsWith('scheduler:')));
    expect(schedule.map((s) => asList(s.Action))).toEqual([['scheduler:CreateSchedule']]);
    expect(JSON.stringify(schedule[0]?.Resource)).toContain(':schedule/serverless-arena-ci-timers/*');
    const pass = timerStatements.filter((s) => asList(s.Action).includes('iam:PassRole'));
    expect(pass).toHaveLength(1);
    expect(pass[0]?.Resource).toEqual([{ 'Fn::GetAtt': ['TimerSchedulerRole', 'Arn'] }]);
    expect(JSON.stringify(pass[0])).toContain('scheduler.amazonaws.com');
    const envOf = (id: string) => (Object.fromEntries(ofType('AWS::Lambda::Function'))[id]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const scheduler = { SCHEDULE_GROUP: { Ref: groupId }, SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': ['TimerSchedulerRole', 'Arn'] }, TIMER_QUEUE_ARN: { 'Fn::GetAtt': ['TimerQueue', 'Arn'] } };
    expect(envOf('TimerLambdaFunction')).toMatchObject({ TIMER_QUEUE_URL: { Ref: 'TimerQueue' }, ...scheduler });
    for (const id of ofType('AWS::Lambda::Function').map(([fnId]) => fnId).filter((fnId) => fnId !== 'TimerLambdaFunction' && fnId !== 'PageLambdaFunction')) {
      expect(envOf(id), id).toMatchObject({ TIMER_QUEUE_URL: { Ref: 'TimerQueue' } });
      for (const name of Object.keys(scheduler)) expect(envOf(id), id).not.toHaveProperty(name);
    }
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => JSON.stringify(alarm.Properties.Dimensions ?? []));
    expect(alarms.some((dimensions) => dimensions.includes('TimerDeadLetterQueue'))).toBe(true);
  });

  it('packages each function alone: its own bundle, and the page with the built page', async () => {
    const zip = async (name: string) => await readFile(join(outDir, `${name}.zip`));
    // A zip stores each entry's name in plain text: enough to see what went in.
    const page = await zip('page');
    for (const file of ['src/handlers/page.mjs', 'web/dist/index.html', 'web/dist/app.js']) expect(page.includes(file), file).toBe(true);
    const move = await zip('move');
    expect(move.includes('src/handlers/move.mjs')).toBe(true);
    expect(move.includes('src/handlers/join.mjs')).toBe(false);
    expect(move.includes('web/dist')).toBe(false);
  });

  it('leaves nothing behind in the temp directory', () => {
    expect(leftInTemp).toEqual([]);
  });

  it('sets a retention on every log group', () => {
    const groups = ofType('AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThanOrEqual(10);
    for (const [name, group] of groups) expect(group.Properties.RetentionInDays, name).toEqual(expect.any(Number));
  });

  it('serves the game page from an HTTP API, its WebSocket URL taken from the stack', () => {
    const page = resources.PageLambdaFunction;
    expect((page?.Properties.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      WEBSOCKET_API_ID: { Ref: 'WebsocketsApi' },
      WEBSOCKET_STAGE: 'ci',
    });
    const pageRoutes = ofType('AWS::ApiGatewayV2::Route')
      .filter(([, r]) => JSON.stringify(r.Properties.ApiId) === '{"Ref":"HttpApi"}')
      .map(([, r]) => r.Properties.RouteKey);
    expect(pageRoutes.sort()).toEqual(['GET /', 'GET /{asset}']);
  });
});

/** The alarms' part of the template: every alarm notifies the optional topic, and only when there is one. */
describe('operations in the packaged template', () => {
  const alarms = () => Object.fromEntries(ofType('AWS::CloudWatch::Alarm'));
  const alarmOn = (namespace: string, metric: string) =>
    Object.values(alarms()).filter((alarm) => alarm.Properties.Namespace === namespace && alarm.Properties.MetricName === metric);
  const dimension = (alarm: Resource | undefined, name: string) =>
    (alarm?.Properties.Dimensions as { Name: string; Value: unknown }[] | undefined)?.find((d) => d.Name === name)?.Value;

  /** Just enough of CloudFormation's condition functions to evaluate the template's own conditions. */
  const evaluate = (node: unknown, parameters: Record<string, string>): unknown => {
    const [fn, args] = Object.entries(node as Record<string, unknown>)[0] ?? [];
    if (fn === 'Ref') return parameters[args as string];
    if (fn === 'Fn::Equals') return evaluate((args as unknown[])[0], parameters) === evaluate((args as unknown[])[1], parameters);
    if (fn === 'Fn::Not') return !evaluate((args as unknown[])[0], parameters);
    if (typeof node === 'string') return node;
    throw new Error(`unexpected condition ${JSON.stringify(node)}`);
  };

  it('alarms when a fan-out batch reaches the dead-letter queue', () => {
    const [alarm] = alarmOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible');
    expect(dimension(alarm, 'QueueName')).toEqual({ 'Fn::GetAtt': ['FanoutDeadLetterQueue', 'QueueName'] });
    expect(alarm?.Properties).toMatchObject({ ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 1, Statistic: 'Maximum' });
  });

  it('alarms on failed broadcasts, the EMF metric the functions write', () => {
    const [alarm] = alarmOn(METRICS.namespace, 'BroadcastFailed');
    expect(alarm?.Properties.Dimensions).toEqual([{ Name: 'service', Value: METRICS.service }]);
    expect(alarm?.Properties).toMatchObject({ Statistic: 'Sum', ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });

  it('alarms on the errors and the throttles of every function', () => {
    const functions = ofType('AWS::Lambda::Function').map(([id]) => id);
    for (const metric of ['Errors', 'Throttles']) {
      const watched = alarmOn('AWS/Lambda', metric).map((alarm) => dimension(alarm, 'FunctionName'));
      expect(watched, metric).toEqual(expect.arrayContaining(functions.map((id) => ({ Ref: id }))));
      expect(watched, metric).toHaveLength(functions.length);
    }
  });

  it("alarms on throttled requests to the table, for every operation the functions' role allows", () => {
    const [alarm] = Object.values(alarms()).filter((a) => JSON.stringify(a.Properties.Metrics ?? []).includes('ThrottledRequests'));
    const queries = (alarm?.Properties.Metrics ?? []) as { Id: string; Expression?: string; ReturnData?: boolean; MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: unknown }[] } } }[];
    const metrics = queries.filter((q) => q.MetricStat !== undefined).map((q) => q.MetricStat!.Metric);
    expect(metrics.every((m) => m.Namespace === 'AWS/DynamoDB' && m.MetricName === 'ThrottledRequests')).toBe(true);
    expect(metrics.every((m) => JSON.stringify(m.Dimensions.find((d) => d.Name === 'TableName')?.Value) === '{"Ref":"ArenaTable"}')).toBe(true);
    const role = Object.fromEntries(ofType('AWS::IAM::Role')).ArenaLambdaRole!;
    const allowed = (role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[])
      .flatMap((p) => p.PolicyDocument.Statement)
      .flatMap((s) => asList(s.Action))
      .filter((a) => a.startsWith('dynamodb:'))
      .map((a) => a.slice('dynamodb:'.length));
    expect(metrics.map((m) => m.Dimensions.find((d) => d.Name === 'Operation')?.Value).sort()).toEqual([...new Set(allowed)].sort());
    expect(queries.filter((q) => q.ReturnData === true).map((q) => q.Expression)).toEqual([expect.stringMatching(/^SUM\(/)]);
  });

  it('notifies the optional topic from every alarm, and has no topic and no actions without an e-mail', () => {
    expect(template.Parameters?.AlarmEmail).toEqual({ Type: 'String', Default: '' });
    const topics = ofType('AWS::SNS::Topic');
    expect(topics).toHaveLength(1);
    const [topicId, topic] = topics[0]!;
    const condition = topic.Condition as string;
    expect(evaluate(template.Conditions?.[condition], { AlarmEmail: '' })).toBe(false);
    expect(evaluate(template.Conditions?.[condition], { AlarmEmail: 'ops@example.com' })).toBe(true);
    expect(topic.Properties.Subscription).toEqual([{ Protocol: 'email', Endpoint: { Ref: 'AlarmEmail' } }]);
    const actions = { 'Fn::If': [condition, [{ Ref: topicId }], { Ref: 'AWS::NoValue' }] };
    const all = Object.entries(alarms());
    expect(all.length).toBeGreaterThanOrEqual(3 + 2 * ofType('AWS::Lambda::Function').length);
    for (const [id, alarm] of all) {
      expect(alarm.Properties.AlarmActions, id).toEqual(actions);
      expect(alarm.Properties.OKActions, id).toEqual(actions);
      expect(alarm.Properties.TreatMissingData, id).toBe('notBreaching');
      expect(alarm.Properties.AlarmDescription, id).toEqual(expect.stringContaining('docs/deploy.md'));
    }
  });
});
