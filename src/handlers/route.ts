import type { APIGatewayProxyWebsocketEventV2, Context } from 'aws-lambda';
import { replyTo } from '../actions/deliver';
import type { Deps, Sender } from '../actions/deps';
import { BadRequestError, RateLimitedError, toArenaError } from '../errors';
import { actionOf, parseFrame, requestIdOf, validate } from '../inbound';
import type { Action } from '../protocol';
import type { RequestOf } from '../schemas';
import type { Provide } from './provide';

export type ActionFn<A extends Action> = (deps: Deps, sender: Sender, request: RequestOf<A>) => Promise<void>;
export type ActionTable = { [A in Action]: ActionFn<A> };
export type WebSocketHandler = (event: APIGatewayProxyWebsocketEventV2, context?: Context) => Promise<{ statusCode: number }>;

/**
 * Runs one inbound message: rate limit, size, JSON, schema, the action, and
 * every error mapped to a typed `error` reply to its sender (never a stack
 * trace). Resolves only after every write and send is done.
 */
const handleMessage = async (
  provide: Provide,
  event: APIGatewayProxyWebsocketEventV2,
  context: Context | undefined,
  pick: (frame: unknown) => { action: Action; run: ActionFn<Action> },
): Promise<{ statusCode: number }> => {
  const { connectionId, requestId, routeKey } = event.requestContext;
  const { deps, flush } = provide(event.requestContext, { connectionId, routeKey, requestId }, context);
  const started = deps.clock();
  let re: string | undefined;
  let room: string | undefined;
  try {
    // Charged before parsing, so a flood of oversized or broken frames empties the bucket too.
    const admission = await deps.connections.admit(connectionId, deps.settings.rateLimit, started);
    const frame = parseFrame(event.body);
    re = requestIdOf(frame);
    if (!admission.admitted) {
      throw 'unknown' in admission ? new BadRequestError('this connection is not registered: reconnect') : new RateLimitedError(admission.retryAfterMs);
    }
    const { action, run } = pick(frame);
    const request = validate(action, frame);
    room = (request as { room?: string }).room;
    await run(deps, { connection: admission.connection, ...(re === undefined ? {} : { re }) }, request);
    deps.log.info('handled', { action, room, ms: deps.clock() - started });
  } catch (error) {
    const refusal = toArenaError(error);
    if (refusal.code === 'INTERNAL') deps.log.error('request failed', { room, error: refusal.cause instanceof Error ? refusal.cause : String(refusal.cause) });
    else deps.log.info('request refused', { room, code: refusal.code, reason: refusal.message });
    await replyTo(deps, connectionId, { type: 'error', ...(re === undefined ? {} : { re }), code: refusal.code, message: refusal.message }, room);
  } finally {
    flush();
  }
  return { statusCode: 200 };
};

/** A handler for one action route (`join`, `move`, ...). */
export const actionHandler =
  <A extends Action>(action: A, run: ActionFn<A>) =>
  (provide: Provide): WebSocketHandler =>
  (event, context) =>
    handleMessage(provide, event, context, () => ({ action, run: run as unknown as ActionFn<Action> }));

/**
 * `$default`: API Gateway sends here whatever matched no route: non-JSON, no
 * `action`, an unknown action. A known action that still lands here (a route
 * missing from a deployment) is dispatched from the table rather than refused.
 */
export const defaultHandler =
  (table: ActionTable) =>
  (provide: Provide): WebSocketHandler =>
  (event, context) =>
    handleMessage(provide, event, context, (frame) => {
      const action = actionOf(frame);
      return { action, run: table[action] as unknown as ActionFn<Action> };
    });
