import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CreatedSchedule {
  name: string;
  group: string;
  expression: string;
  timezone: string;
  actionAfterCompletion: string;
  target: { Arn: string; RoleArn: string; Input: string };
}

/**
 * An EventBridge Scheduler endpoint for CreateSchedule (restJson1: `POST
 * /schedules/{Name}`), keeping what was created, so production wiring can be
 * pointed at it (`AWS_ENDPOINT_URL_SCHEDULER`) and its schedules checked.
 */
export class FakeScheduler {
  readonly server: Server;
  readonly created: CreatedSchedule[] = [];

  /** `latencyMs`: how long each answer takes; longer than a handler's remaining work, an un-awaited call outlives it. */
  constructor(private readonly latencyMs = 0) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const name = /^\/schedules\/([^/?]+)$/.exec(request.url ?? '')?.[1];
        if (request.method !== 'POST' || name === undefined) {
          response.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' }).end(JSON.stringify({ Message: request.url }));
          return;
        }
        const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        const decoded = decodeURIComponent(name);
        this.created.push({
          name: decoded,
          group: input.GroupName as string,
          expression: input.ScheduleExpression as string,
          timezone: input.ScheduleExpressionTimezone as string,
          actionAfterCompletion: input.ActionAfterCompletion as string,
          target: input.Target as CreatedSchedule['target'],
        });
        const arn = `arn:aws:scheduler:us-east-1:000000000000:schedule/${String(input.GroupName)}/${decoded}`;
        setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ScheduleArn: arn })), this.latencyMs);
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
