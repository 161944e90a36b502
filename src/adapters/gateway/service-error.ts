import type { IncomingHttpHeaders } from 'node:http';
import {
  ApiGatewayManagementApiServiceException,
  ForbiddenException,
  GoneException,
  LimitExceededException,
  PayloadTooLargeException,
} from '@aws-sdk/client-apigatewaymanagementapi';

/** The `$metadata` every SDK response and error carries. */
export interface ResponseMetadata {
  httpStatusCode?: number;
  requestId?: string;
  extendedRequestId?: string;
  cfId?: string;
  attempts?: number;
  totalRetryDelay?: number;
}

type ModeledError = new (options: { message: string; $metadata: ResponseMetadata }) => ApiGatewayManagementApiServiceException;

/** The errors PostToConnection is modelled to throw; anything else becomes the service's base exception, as in the SDK. */
const MODELED: Record<string, ModeledError> = {
  ForbiddenException,
  GoneException,
  LimitExceededException,
  PayloadTooLargeException,
};

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export const metadataOf = (statusCode: number, headers: IncomingHttpHeaders): ResponseMetadata => ({
  httpStatusCode: statusCode,
  requestId: header(headers, 'x-amzn-requestid') ?? header(headers, 'x-amzn-request-id') ?? header(headers, 'x-amz-request-id'),
  extendedRequestId: header(headers, 'x-amz-id-2'),
  cfId: header(headers, 'x-amz-cf-id'),
});

// The SDK's restJson1 rule: "aws.protocols#Foo:http://..." and "ns#Foo" both name Foo.
const sanitise = (raw: string): string => {
  let code = raw.split(',')[0] as string;
  code = code.split(':')[0] as string;
  return code.includes('#') ? (code.split('#')[1] ?? code) : code;
};

const parseObject = (body: Buffer): Record<string, unknown> => {
  if (body.byteLength === 0) return {};
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

const errorCode = (headers: IncomingHttpHeaders, data: Record<string, unknown>): string | undefined => {
  const fromHeader = header(headers, 'x-amzn-errortype');
  if (fromHeader !== undefined) return sanitise(fromHeader);
  const codeKey = Object.keys(data).find((key) => key.toLowerCase() === 'code');
  const code = codeKey === undefined ? undefined : data[codeKey];
  if (typeof code === 'string' || typeof code === 'number') return sanitise(String(code));
  return typeof data.__type === 'string' ? sanitise(data.__type) : undefined;
};

/**
 * Builds the error the SDK's restJson1 deserialiser throws for a non-2xx
 * answer to PostToConnection: the modelled class (GoneException,
 * LimitExceededException, ...) when the error type names one, otherwise
 * ApiGatewayManagementApiServiceException named after the type, or "Unknown"
 * for a bare status (serverless offline's 410). Same name, message, `$fault`
 * and `$metadata`, so callers cannot tell which path produced it.
 */
export const serviceError = (statusCode: number, headers: IncomingHttpHeaders, body: Buffer, metadata: ResponseMetadata): Error => {
  const data = parseObject(body);
  const code = errorCode(headers, data) ?? 'Unknown';
  const rawMessage = data.message ?? data.Message;
  const message = typeof rawMessage === 'string' ? rawMessage : 'UnknownError';
  const Modeled = MODELED[code];
  const error = Modeled
    ? new Modeled({ message, $metadata: metadata })
    : new ApiGatewayManagementApiServiceException({ name: code, $fault: statusCode < 500 ? 'client' : 'server', message, $metadata: metadata });
  // Unmodelled body fields land on the error, as the SDK's decorateServiceException does.
  const fields = error as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(data)) {
    if (value !== undefined && (fields[key] === undefined || fields[key] === null || fields[key] === '')) fields[key] = value;
  }
  // The SDK assigns the message as a plain (enumerable) field, and hides the raw response beside it.
  const finalMessage = error.message || (typeof fields.Message === 'string' ? fields.Message : '') || 'UnknownError';
  Object.defineProperty(error, 'message', { value: finalMessage, enumerable: true, writable: true, configurable: true });
  delete fields.Message;
  Object.defineProperty(error, '$response', { value: { statusCode, headers, body }, enumerable: false, writable: false, configurable: false });
  return error;
};
