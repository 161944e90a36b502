import { createHash } from 'node:crypto';
import * as sdkSqs from '@aws-sdk/client-sqs';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Exchange } from '../../../src/adapters/gateway/http-exchange';
import { LeanSqs } from '../../../src/adapters/sqs/lean-sqs';
import type { SendMessageBatchInput, SendMessageInput } from '../../../src/adapters/sqs/sender';
import { Sha256 } from '../../support/sha256';

/**
 * The lean SQS client against the SDK's own SQSClient, in memory: the same
 * input through both, each with a request handler (the SDK's) or transport
 * (the lean one's) that records the request and answers from the same script.
 * What goes out must be the same request (method, host, path, the protocol's
 * headers, the JSON body byte for byte, and a SigV4 signature the SDK's own
 * signer computes too); what comes back must be the same output or error, after
 * the same number of attempts, leaving the same retry quota.
 */

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session/token+with=odd chars' };
const REGION = 'eu-west-3';
const QUEUE_URL = 'https://sqs.eu-west-3.amazonaws.com/123456789012/arena-timers';

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

interface Sent {
  method: string;
  protocol: string;
  hostname: string;
  port: number | undefined;
  path: string;
  headers: Record<string, string>;
  body: string;
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({ status, headers: { 'content-type': 'application/x-amz-json-1.0', ...headers }, body: JSON.stringify(body) });
const sentOk = (input: SendMessageInput): Answer => json(200, { MD5OfMessageBody: md5(input.MessageBody), MessageId: 'msg-1' });
const batchOk = (input: SendMessageBatchInput): Answer =>
  json(200, { Successful: input.Entries.map((entry) => ({ Id: entry.Id, MessageId: `msg-${entry.Id}`, MD5OfMessageBody: md5(entry.MessageBody) })), Failed: [] });

const answerHeaders = (answer: Answer) => ({ 'x-amzn-requestid': 'req-1', ...Object.fromEntries(Object.entries(answer.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])) });

/** The SDK's client, answering from `script` in order (the last answer repeats). */
const sdkClient = (script: Answer[], sent: Sent[], maxAttempts = 3) =>
  new SQSClient({
    region: REGION,
    credentials: CREDENTIALS,
    maxAttempts,
    requestHandler: {
      handle: async (request: { method: string; protocol: string; hostname: string; port?: number; path: string; headers: Record<string, string>; body: string | Uint8Array }) => {
        sent.push({ ...request, port: request.port, headers: { ...request.headers }, body: typeof request.body === 'string' ? request.body : Buffer.from(request.body).toString('utf8') });
        const answer = script[Math.min(sent.length - 1, script.length - 1)] as Answer;
        return await Promise.resolve({ response: { statusCode: answer.status, headers: answerHeaders(answer), body: Buffer.from(answer.body ?? '', 'utf8') } });
      },
    } as never,
  });

/** The lean client, answering from `script` the same way; its waits are recorded, not slept. */
const leanClient = (script: Answer[], sent: Sent[], maxAttempts = 3, waits: number[] = [], random = Math.random) =>
  new LeanSqs({
    region: REGION,
    credentials: async () => await Promise.resolve(CREDENTIALS),
    maxAttempts,
    random,
    sleep: async (ms) => {
      waits.push(ms);
      await Promise.resolve();
    },
    transport: async (target, path, headers, body): Promise<Exchange> => {
      sent.push({ method: 'POST', protocol: target.protocol, hostname: target.hostname, port: target.port, path, headers: { ...headers }, body: Buffer.from(body).toString('utf8') });
      const answer = script[Math.min(sent.length - 1, script.length - 1)] as Answer;
      return await Promise.resolve({ statusCode: answer.status, headers: answerHeaders(answer), body: Buffer.from(answer.body ?? '', 'utf8') });
    },
  });

const outcome = async <T>(call: () => Promise<T>): Promise<{ ok: T } | { error: Record<string, unknown> }> => {
  try {
    return { ok: await call() };
  } catch (thrown) {
    const error = thrown as Error & { $response?: { statusCode?: number } };
    return { error: { ...error, name: error.name, message: error.message, isError: error instanceof Error, responseStatus: error.$response?.statusCode } };
  }
};

/** Both clients, one input, one script: what each sent and what each ended with. */
const both = async (operation: 'SendMessage' | 'SendMessageBatch', input: SendMessageInput | SendMessageBatchInput, script: Answer[], maxAttempts = 3) => {
  const sdkSent: Sent[] = [];
  const leanSent: Sent[] = [];
  const sdk = sdkClient(script, sdkSent, maxAttempts);
  const lean = leanClient(script, leanSent, maxAttempts);
  const sdkOutcome = await outcome(async () =>
    operation === 'SendMessage' ? await sdk.send(new SendMessageCommand(input as SendMessageInput)) : await sdk.send(new SendMessageBatchCommand(input as SendMessageBatchInput)),
  );
  const leanOutcome = await outcome(async () =>
    operation === 'SendMessage' ? await lean.sendMessage(input as SendMessageInput) : await lean.sendMessageBatch(input as SendMessageBatchInput),
  );
  const sdkQuota = (await sdk.config.retryStrategy()) as unknown as { getCapacity(): number };
  return { sdkSent, leanSent, sdkOutcome, leanOutcome, sdkQuota: sdkQuota.getCapacity(), leanQuota: lean.quota, lean };
};

/** The totalRetryDelay of a retried call is random on each side: equal in kind, not in value. */
const withoutDelay = (result: unknown): unknown => JSON.parse(JSON.stringify(result, (key, value: unknown) => (key === 'totalRetryDelay' ? 'any' : value))) as unknown;

const PROTOCOL_HEADERS = ['content-type', 'x-amz-target', 'x-amzn-query-mode', 'content-length', 'host', 'x-amz-content-sha256', 'amz-sdk-request', 'x-amz-security-token'];
const signedHeaders = (sent: Sent) => /SignedHeaders=([^,]+),/.exec(sent.headers.authorization ?? '')?.[1]?.split(';');

afterEach(() => {
  vi.useRealTimers();
});

describe("the lean SQS request is the SDK client's request", () => {
  const cases: [string, 'SendMessage' | 'SendMessageBatch', SendMessageInput | SendMessageBatchInput][] = [
    ['a delayed timer', 'SendMessage', { QueueUrl: QUEUE_URL, MessageBody: JSON.stringify({ room: 'r1', at: 1_790_000_000_000, endpoint: 'https://abc.execute-api.eu-west-3.amazonaws.com/prod' }), DelaySeconds: 900 }],
    ['a message without delay', 'SendMessage', { QueueUrl: QUEUE_URL, MessageBody: 'plain "text" with \\ and \u00e9\u{1F600}\n' }],
    ['a batch', 'SendMessageBatch', { QueueUrl: QUEUE_URL, Entries: [{ Id: '0', MessageBody: '{"a":1}' }, { Id: '1', MessageBody: '{"b":"\u2028"}', DelaySeconds: 3 }] }],
    ['a local queue with a port', 'SendMessage', { QueueUrl: 'http://127.0.0.1:9324/000000000000/timers', MessageBody: 'x', DelaySeconds: 0 }],
  ];

  it.each(cases)('%s: same method, host, path, protocol headers, signed headers and body', async (_name, operation, input) => {
    const answer = operation === 'SendMessage' ? sentOk(input as SendMessageInput) : batchOk(input as SendMessageBatchInput);
    vi.spyOn(console, 'warn').mockImplementation(() => {});

    const { sdkSent, leanSent } = await both(operation, input, [answer]);

    const [sdk, lean] = [sdkSent[0] as Sent, leanSent[0] as Sent];
    expect({ method: lean.method, protocol: lean.protocol, hostname: lean.hostname, port: lean.port, path: lean.path }).toEqual({
      method: sdk.method,
      protocol: sdk.protocol,
      hostname: sdk.hostname,
      port: sdk.port,
      path: sdk.path,
    });
    for (const name of PROTOCOL_HEADERS) expect(lean.headers[name], name).toBe(sdk.headers[name]);
    expect(lean.headers['x-amz-target']).toBe(`AmazonSQS.${operation}`);
    expect(lean.body).toBe(sdk.body);
    expect(signedHeaders(lean)).toEqual(signedHeaders(sdk));
    // Per request, like the SDK's: a fresh invocation id.
    expect(lean.headers['amz-sdk-invocation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serialises any message body exactly as the SDK does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 40 }), fc.option(fc.integer({ min: 0, max: 900 }), { nil: undefined }), async (body, delay) => {
        const input: SendMessageInput = { QueueUrl: QUEUE_URL, MessageBody: body, ...(delay === undefined ? {} : { DelaySeconds: delay }) };
        const { sdkSent, leanSent } = await both('SendMessage', input, [sentOk(input)]);
        expect(leanSent[0]?.body).toBe(sdkSent[0]?.body);
        expect(leanSent[0]?.headers['content-length']).toBe(sdkSent[0]?.headers['content-length']);
      }),
      { numRuns: 100 },
    );
  });

  it("signs as the SDK's SignatureV4 does, for the same request at the same time", async () => {
    for (const date of ['2026-11-27T15:27:49.123Z', '2026-12-31T23:59:59.999Z', '2027-01-01T00:00:00.000Z']) {
      vi.useFakeTimers({ now: new Date(date), toFake: ['Date'] });
      const input: SendMessageInput = { QueueUrl: QUEUE_URL, MessageBody: `{"at":"${date}"}`, DelaySeconds: 60 };
      const sent: Sent[] = [];

      await leanClient([sentOk(input)], sent).sendMessage(input);

      const lean = sent[0] as Sent;
      const { authorization, ...unsigned } = lean.headers;
      const signer = new SignatureV4({ credentials: CREDENTIALS, region: REGION, service: 'sqs', sha256: Sha256, uriEscapePath: true });
      const signed = await signer.sign(
        { method: 'POST', protocol: 'https:', hostname: lean.hostname, path: '/', query: {}, headers: { ...unsigned }, body: lean.body },
        { signingDate: new Date(date) },
      );
      expect(authorization).toBe(signed.headers.authorization);
      expect(lean.headers['x-amz-date']).toBe(signed.headers['x-amz-date']);
      vi.useRealTimers();
    }
  });
});

describe('the lean SQS client answers as the SDK client does', () => {
  const message: SendMessageInput = { QueueUrl: QUEUE_URL, MessageBody: '{"room":"r1"}', DelaySeconds: 5 };
  const batch: SendMessageBatchInput = { QueueUrl: QUEUE_URL, Entries: [{ Id: '0', MessageBody: 'a' }, { Id: '1', MessageBody: 'b' }] };

  it('returns the same output for a sent message and a batch (failed entries included)', async () => {
    const single = await both('SendMessage', message, [sentOk(message)]);
    const partial = json(200, { Successful: [{ Id: '0', MessageId: 'm0', MD5OfMessageBody: md5('a') }], Failed: [{ Id: '1', SenderFault: false, Code: 'InternalError', Message: 'try again' }] });
    const grouped = await both('SendMessageBatch', batch, [partial]);

    expect(single.leanOutcome).toEqual(single.sdkOutcome);
    expect(single.leanOutcome).toMatchObject({ ok: { MessageId: 'msg-1', $metadata: { httpStatusCode: 200, requestId: 'req-1', attempts: 1 } } });
    expect(grouped.leanOutcome).toEqual(grouped.sdkOutcome);
    expect(grouped.leanOutcome).toMatchObject({ ok: { Failed: [{ Id: '1', Code: 'InternalError' }] } });
  });

  const refusals: [string, Answer][] = [
    [
      'a queue that does not exist (query-compatible code)',
      json(400, { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' }, { 'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender' }),
    ],
    ['a queue that does not exist (no query header)', json(400, { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' })],
    ['access denied', json(400, { __type: 'com.amazon.coral.service#AccessDeniedException', Message: 'not allowed' }, { 'x-amzn-query-error': 'AccessDenied;Sender' })],
    ['an error type header', { status: 400, headers: { 'x-amzn-errortype': 'InvalidMessageContents:http://internal.amazon.com/' }, body: '{"message":"bad"}' }],
    ['a body that is not JSON (200)', { status: 200, body: 'not json' }],
    ['a wrong MD5 of the body', json(200, { MessageId: 'm1', MD5OfMessageBody: md5('something else') })],
  ];

  it.each(refusals)('%s: the same error, one attempt', async (_name, answer) => {
    const result = await both('SendMessage', message, [answer]);

    expect(result.leanOutcome).toEqual(result.sdkOutcome);
    expect(result.leanSent).toHaveLength(result.sdkSent.length);
    expect(result.leanSent).toHaveLength(1);
  });

  it('names every error of the SQS model as the SDK does, by its name and by its query code', async () => {
    const schemas = Object.entries(sdkSqs).filter(([key, value]) => key.endsWith('$') && Array.isArray(value) && value[0] === -3 && value[2] !== 'SQSServiceException');
    expect(schemas.length).toBeGreaterThan(25);
    for (const [, schema] of schemas) {
      const [, , name, traits] = schema as unknown as [number, string, string, { awsQueryError?: [string, number]; httpError?: number }];
      const status = traits.awsQueryError?.[1] ?? 400;
      const answers = [
        json(status, { __type: `com.amazonaws.sqs#${name}`, message: `no: ${name}` }),
        ...(traits.awsQueryError === undefined ? [] : [json(status, { __type: `com.amazonaws.sqs#${name}`, message: `no: ${name}` }, { 'x-amzn-query-error': `${traits.awsQueryError[0]};Sender` })]),
      ];
      for (const answer of answers) {
        const result = await both('SendMessageBatch', batch, [answer], 1);
        expect(result.leanOutcome, `${name} ${JSON.stringify(answer.headers)}`).toEqual(result.sdkOutcome);
        expect(result.leanOutcome).toMatchObject({ error: { name } });
      }
    }
  });

  const retried: [string, Answer[], number][] = [
    ['throttling, then sent', [json(400, { __type: 'com.amazon.coral.availability#ThrottlingException', message: 'Rate exceeded' }, { 'x-amzn-query-error': 'ThrottlingException;Sender' }), sentOk(message)], 2],
    ['RequestThrottled (403), then sent', [json(403, { __type: 'com.amazonaws.sqs#RequestThrottled', message: 'slow down' }, { 'x-amzn-query-error': 'RequestThrottled;Sender' }), sentOk(message)], 2],
    ['an internal failure (500) three times', [json(500, { __type: 'com.amazon.coral.service#InternalFailure', message: 'oops' }, { 'x-amzn-query-error': 'InternalFailure;Receiver' })], 3],
    ['a bare 503, then sent', [{ status: 503 }, sentOk(message)], 2],
    ["a proxy's HTML 502 three times", [{ status: 502, headers: { 'content-type': 'text/html' }, body: '<html>bad gateway</html>' }], 3],
    ['a 501 (a server error the standard strategy does not retry)', [{ status: 501 }], 1],
  ];

  it.each(retried)('%s: retried as the SDK retries, with the same outcome and quota left', async (_name, script, requests) => {
    const result = await both('SendMessage', message, script);

    expect(withoutDelay(result.leanOutcome)).toEqual(withoutDelay(result.sdkOutcome));
    expect(result.sdkSent).toHaveLength(requests);
    expect(result.leanSent).toHaveLength(requests);
    expect(result.leanQuota).toBe(result.sdkQuota);
    // Each attempt says which it is, under one invocation id.
    expect(result.leanSent.map((sent) => sent.headers['amz-sdk-request'])).toEqual(result.sdkSent.map((sent) => sent.headers['amz-sdk-request']));
    expect(new Set(result.leanSent.map((sent) => sent.headers['amz-sdk-invocation-id'])).size).toBe(1);
  }, 20_000);

  it("waits as the SDK's standard strategy does: up to 50 ms x 2^n, 1 s x 2^n after throttling, never less than Retry-After", async () => {
    const waits: number[] = [];
    const throttled = json(400, { __type: 'com.amazon.coral.availability#ThrottlingException', message: 'Rate exceeded' }, { 'x-amzn-query-error': 'ThrottlingException;Sender' });
    const failing = json(500, { __type: 'com.amazon.coral.service#InternalFailure', message: 'oops' });

    // Full jitter: a random fraction of the cap; at its top, the cap itself.
    const top = () => 0.9999;

    await leanClient([failing, failing, sentOk(message)], [], 3, waits, top).sendMessage(message);
    await leanClient([throttled, throttled, sentOk(message)], [], 3, waits, top).sendMessage(message);
    await leanClient([{ ...failing, headers: { ...failing.headers, 'retry-after': '2' } }, sentOk(message)], [], 3, waits, top).sendMessage(message);

    expect(waits).toEqual([49, 99, 999, 1999, 2000]);
  });

  it('spends the retry quota like the SDK: a container that meets only failures stops retrying at the same point', async () => {
    const failing = json(500, { __type: 'com.amazon.coral.service#InternalFailure', message: 'oops' });
    const sdkSent: Sent[] = [];
    const leanSent: Sent[] = [];
    const sdk = sdkClient([failing], sdkSent);
    const lean = leanClient([failing], leanSent);

    for (let i = 0; i < 20; i++) {
      await expect(sdk.send(new SendMessageCommand(message))).rejects.toThrow();
      await expect(lean.sendMessage(message)).rejects.toThrow();
    }

    expect(leanSent).toHaveLength(sdkSent.length);
    expect(lean.quota).toBe(((await sdk.config.retryStrategy()) as unknown as { getCapacity(): number }).getCapacity());
    expect(lean.quota).toBeLessThan(14);
  }, 30_000);

  it('corrects its clock from a refused signature and sends again, as the SDK does', async () => {
    const ahead = new Date(Date.now() + 10 * 60_000).toUTCString();
    const skewed = json(403, { __type: 'com.amazon.coral.service#InvalidSignatureException', message: 'Signature expired' }, { date: ahead, 'x-amzn-query-error': 'InvalidSignatureException;Sender' });

    const result = await both('SendMessage', message, [skewed, sentOk(message)]);

    expect(withoutDelay(result.leanOutcome)).toEqual(withoutDelay(result.sdkOutcome));
    expect(result.leanSent).toHaveLength(2);
    expect(result.lean.clockOffset).toBeGreaterThan(9 * 60_000);
    // The second attempt is signed with the corrected clock.
    const signedAt = (sent: Sent | undefined) => Date.parse(String(sent?.headers['x-amz-date']).replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
    expect(signedAt(result.leanSent[1]) - signedAt(result.leanSent[0])).toBeGreaterThan(9 * 60_000);
  });

  it('checks the MD5 of every stored body of a batch, as the SDK does', async () => {
    const corrupted = json(200, { Successful: [{ Id: '0', MessageId: 'm0', MD5OfMessageBody: md5('a') }, { Id: '1', MessageId: 'm1', MD5OfMessageBody: md5('not b') }], Failed: [] });

    const result = await both('SendMessageBatch', batch, [corrupted]);

    expect(result.leanOutcome).toEqual(result.sdkOutcome);
    expect(result.leanOutcome).toMatchObject({ error: { message: 'Invalid MD5 checksum on messages: m1' } });
  });
});
