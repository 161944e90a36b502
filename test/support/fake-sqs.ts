import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  queueUrl: string;
  body: string;
  delaySeconds: number;
}

/**
 * A queue endpoint speaking SQS's JSON protocol for SendMessage and
 * SendMessageBatch (with the MD5 the SDK checks), keeping what was sent, so
 * production wiring can schedule timers (and fan out) against it as on AWS.
 */
export class FakeSqs {
  readonly server: Server;
  readonly sent: SentMessage[] = [];

  /** `latencyMs`: how long each answer takes; longer than a handler's remaining work, an un-awaited send outlives it. */
  constructor(private readonly latencyMs = 0) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const target = String(request.headers['x-amz-target'] ?? '');
        const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
        let output: unknown;
        if (target.endsWith('.SendMessage')) {
          this.sent.push({ queueUrl: input.QueueUrl as string, body: input.MessageBody as string, delaySeconds: (input.DelaySeconds as number | undefined) ?? 0 });
          output = { MessageId: randomUUID(), MD5OfMessageBody: md5(input.MessageBody as string) };
        } else if (target.endsWith('.SendMessageBatch')) {
          const entries = input.Entries as { Id: string; MessageBody: string; DelaySeconds?: number }[];
          for (const entry of entries) this.sent.push({ queueUrl: input.QueueUrl as string, body: entry.MessageBody, delaySeconds: entry.DelaySeconds ?? 0 });
          output = { Successful: entries.map((entry) => ({ Id: entry.Id, MessageId: randomUUID(), MD5OfMessageBody: md5(entry.MessageBody) })), Failed: [] };
        } else {
          response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ __type: 'UnsupportedOperation', message: target }));
          return;
        }
        setTimeout(() => response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(output)), this.latencyMs);
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
