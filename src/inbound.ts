import * as v from 'valibot';
import { BadRequestError, PayloadTooLargeError, UnknownActionError } from './errors';
import { Actions, Limits, type Action } from './protocol';
import { requestSchemas, type RequestOf } from './schemas';

const isAction = (value: unknown): value is Action => typeof value === 'string' && Object.hasOwn(Actions, value);

/**
 * The `id` to echo as `re`, read before validation so that even a refused
 * message gets an answer its sender can match. Only a well-formed id is echoed.
 */
export const requestIdOf = (frame: unknown): string | undefined => {
  const id = (frame as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= Limits.maxRequestIdLength ? id : undefined;
};

/**
 * The id of a frame that was refused before parsing (too large): read from
 * the text, as long as it is no bigger than API Gateway lets a message be.
 */
export const requestIdInText = (body: string | null | undefined): string | undefined => {
  if (body === undefined || body === null || body.length > Limits.maxOutboundBytes) return undefined;
  try {
    return requestIdOf(JSON.parse(body));
  } catch {
    return undefined;
  }
};

/** Size check, then JSON: a frame over the limit is refused without being parsed. */
export const parseFrame = (body: string | null | undefined): unknown => {
  if (body === undefined || body === null || body === '') throw new BadRequestError('empty message: expected a JSON object');
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > Limits.maxInboundBytes) throw new PayloadTooLargeError(bytes, Limits.maxInboundBytes);
  let frame: unknown;
  try {
    frame = JSON.parse(body);
  } catch {
    throw new BadRequestError('message is not valid JSON');
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
    throw new BadRequestError('message must be a JSON object with an "action"');
  }
  return frame;
};

/** Which action a frame names; used by `$default` to tell unknown actions from malformed frames. */
export const actionOf = (frame: unknown): Action => {
  const action = (frame as { action?: unknown }).action;
  if (action === undefined) throw new BadRequestError('message has no "action"');
  if (typeof action !== 'string') throw new BadRequestError('"action" must be a string');
  if (!isAction(action)) throw new UnknownActionError(action);
  return action;
};

export const describeIssue = (issue: v.BaseIssue<unknown>): string => {
  const path = v.getDotPath(issue);
  // A strict object reports both kinds of key issue; only an unknown key expects `never`.
  if ((issue.type === 'strict_object' || issue.type === 'loose_object') && path !== null) {
    return issue.expected === 'never' ? `unexpected field "${path}"` : `missing field "${path}"`;
  }
  return path === null ? issue.message : `${path}: ${issue.message}`;
};

/** Validates a parsed frame against the schema of `action`. */
export const validate = <A extends Action>(action: A, frame: unknown): RequestOf<A> => {
  const result = v.safeParse(requestSchemas[action], frame);
  if (!result.success) {
    const first = result.issues[0];
    throw new BadRequestError(first === undefined ? 'invalid message' : describeIssue(first));
  }
  return result.output;
};
