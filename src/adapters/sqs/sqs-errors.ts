import type { IncomingHttpHeaders } from 'node:http';
import type { ResponseMetadata } from '../gateway/service-error';

/**
 * SQS's modelled errors (all of them client faults), each with the code its
 * query-compatible answers name it by in `x-amzn-query-error` (empty: the
 * same as its name, or none). Checked against the SDK's own schemas by
 * `test/unit/adapters/lean-sqs.test.ts`.
 */
const MODELED: Record<string, string> = {
  BatchEntryIdsNotDistinct: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
  BatchRequestTooLong: 'AWS.SimpleQueueService.BatchRequestTooLong',
  EmptyBatchRequest: 'AWS.SimpleQueueService.EmptyBatchRequest',
  InvalidAddress: '',
  InvalidAttributeName: '',
  InvalidAttributeValue: '',
  InvalidBatchEntryId: 'AWS.SimpleQueueService.InvalidBatchEntryId',
  InvalidIdFormat: '',
  InvalidMessageContents: '',
  InvalidSecurity: '',
  KmsAccessDenied: 'KMS.AccessDeniedException',
  KmsDisabled: 'KMS.DisabledException',
  KmsInvalidKeyUsage: 'KMS.InvalidKeyUsageException',
  KmsInvalidState: 'KMS.InvalidStateException',
  KmsNotFound: 'KMS.NotFoundException',
  KmsOptInRequired: 'KMS.OptInRequired',
  KmsThrottled: 'KMS.ThrottlingException',
  MessageNotInflight: 'AWS.SimpleQueueService.MessageNotInflight',
  OverLimit: '',
  PurgeQueueInProgress: 'AWS.SimpleQueueService.PurgeQueueInProgress',
  QueueDeletedRecently: 'AWS.SimpleQueueService.QueueDeletedRecently',
  QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
  QueueNameExists: 'QueueAlreadyExists',
  ReceiptHandleIsInvalid: '',
  RequestThrottled: '',
  ResourceNotFoundException: '',
  TooManyEntriesInBatchRequest: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
  UnsupportedOperation: 'AWS.SimpleQueueService.UnsupportedOperation',
};

const BY_QUERY_CODE = new Map(Object.entries(MODELED).flatMap(([name, code]) => (code === '' ? [] : [[code, name] as const])));

/** The fields every SDK service exception carries. */
export class SqsServiceError extends Error {
  $fault: 'client' | 'server';
  $metadata: ResponseMetadata;
  $retryable: undefined;

  constructor(name: string, fault: 'client' | 'server', metadata: ResponseMetadata) {
    super('');
    this.name = name;
    this.$fault = fault;
    this.$metadata = metadata;
    this.$retryable = undefined;
  }
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The SDK's error-code clean-up: "aws.protocols#Foo:http://..." and "ns#Foo" both name Foo. */
const sanitise = (raw: unknown): string => {
  let code = String(raw).split(',')[0] as string;
  code = code.split(':')[0] as string;
  return code.includes('#') ? (code.split('#')[1] as string) : code;
};

/** The AWS JSON protocol's code, as the SDK reads it in query-compatible mode: the body's `Code`, the error-type header, then `__type`. */
const errorCode = (headers: IncomingHttpHeaders, data: Record<string, unknown>): string | undefined => {
  const codeKey = Object.keys(data).find((key) => key.toLowerCase() === 'code');
  if (codeKey !== undefined && data[codeKey] !== undefined) return sanitise(data[codeKey]);
  const type = header(headers, 'x-amzn-errortype');
  if (type !== undefined) return sanitise(type);
  return data.__type === undefined ? undefined : sanitise(data.__type);
};

/** What the SDK's `decorateServiceException` and its query-compatible additions do to an error, in that order. */
const decorate = (error: SqsServiceError, data: Record<string, unknown>): SqsServiceError => {
  const fields = error as unknown as Record<string, unknown>;
  const queryMessage = fields.Message ?? data.Message;
  for (const [key, value] of Object.entries(data)) {
    if (value !== undefined && (fields[key] === undefined || fields[key] === null || fields[key] === '')) fields[key] = value;
  }
  // The SDK assigns the message as a plain (enumerable) field.
  const message = (error.message || fields.Message || 'UnknownError') as string;
  Object.defineProperty(error, 'message', { value: typeof queryMessage === 'string' && queryMessage !== '' ? queryMessage : message, enumerable: true, writable: true, configurable: true });
  delete fields.Message;
  const details = (fields.Error ?? {}) as Record<string, unknown>;
  const before = fields.Error as Record<string, unknown> | undefined;
  details.Type = before?.Type;
  details.Code = before?.Code;
  details.Message = before?.message ?? before?.Message ?? queryMessage;
  fields.Error = details;
  if (error.$metadata.requestId) fields.RequestId = error.$metadata.requestId;
  return error;
};

const DESERIALISATION_HINT = '\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.';

/**
 * An SQS answer's JSON body, or the SyntaxError the SDK throws for one that is
 * not JSON (a proxy's HTML page), with its hint and `$metadata`.
 */
export const parseSqsBody = (statusCode: number, headers: IncomingHttpHeaders, body: Buffer, metadata: ResponseMetadata): Record<string, unknown> => {
  if (body.byteLength === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    const syntax = error as Error & { $metadata?: ResponseMetadata };
    syntax.message += DESERIALISATION_HINT;
    syntax.$metadata = metadata;
    Object.defineProperty(syntax, '$response', { value: { statusCode, headers, body }, enumerable: false });
    throw syntax;
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
};

/**
 * The error the SDK's SQS client throws for a non-2xx answer (AWS JSON 1.0 in
 * query-compatible mode): the modelled error when the code names one, by its
 * name or by its query code (`AWS.SimpleQueueService.NonExistentQueue` is
 * `QueueDoesNotExist`), else an error named after the code, or `Unknown`. Same
 * name, message, `$fault`, `$metadata`, `Code`, `Type`, `Error`, `RequestId`
 * and body fields, so callers and retries cannot tell the paths apart.
 */
export const sqsError = (statusCode: number, headers: IncomingHttpHeaders, body: Buffer, metadata: ResponseMetadata): Error => {
  const data = parseSqsBody(statusCode, headers, body, metadata);
  const query = header(headers, 'x-amzn-query-error');
  if (query !== undefined) {
    const [Code, Type] = query.split(';');
    data.Code = Code;
    data.Type = Type;
    const details: Record<string, unknown> = { Code, Type };
    for (const key of Object.keys(data)) details[key === 'message' ? 'Message' : key] = data[key];
    delete details.__type;
    data.Error = details;
  }
  const code = errorCode(headers, data) ?? 'Unknown';
  const error = build(code, statusCode, data, metadata);
  // Hidden beside it, as the SDK keeps the raw response: retries read its Retry-After.
  Object.defineProperty(error, '$response', { value: { statusCode, headers, body }, enumerable: false });
  return error;
};

const build = (code: string, statusCode: number, data: Record<string, unknown>, metadata: ResponseMetadata): SqsServiceError => {
  const modeled = Object.hasOwn(MODELED, code) ? code : BY_QUERY_CODE.get(code);
  const statusFault = statusCode < 500 ? 'client' : 'server';
  if (modeled === undefined) {
    data.message = data.message ?? data.Message ?? 'UnknownError';
    return decorate(new SqsServiceError(code, statusFault, metadata), data);
  }
  const error = new SqsServiceError(modeled, 'client', metadata);
  const fields = error as unknown as Record<string, unknown>;
  fields.message = data.message ?? data.Message ?? 'UnknownError';
  for (const key of ['Error', 'Type', 'Code']) if (data[key] !== undefined) fields[key] = data[key];
  return decorate(error, data);
};
