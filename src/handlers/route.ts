import type { APIGatewayProxyWebsocketEventV2, Context } from 'aws-lambda';
import { replyTo } from '../actions/deliver';
import type { Deps, Sender } from '../actions/deps';
import { BadRequestError, PayloadTooLargeError, RateLimitedError, UnauthorizedError, UnknownActionError, toArenaError } from '../errors';
import { actionOf, parseFrame, requestIdInText, requestIdOf, validate } from '../inbound';
import { Actions, type Action, type ErrorReply } from '../protocol';
import type { Admission, ConnectionRecord } from '../ports/connections';
import type { RequestOf } from '../schemas';
import type { Provide } from './provide';

export type ActionFn<A extends Action> = (deps: Deps, sender: Sender, request: RequestOf<A>) => Promise<unknown>;
export type ActionTable = { [A in Action]: ActionFn<A> };
export type WebSocketHandler = (event: APIGatewayProxyWebsocketEventV2, context?: Context) => Promise<{ statusCode: number }>;

/**
 * Requests whose accepted form is a write of the room's game (a move, a
 * rematch). A seated player's is charged to its seat in that very write
 * (`actions/play.ts`), so it costs no write of the connection's budget: the
 * connection is only read. Refused, or from a connection without a seat, it is
 * charged to the connection like any message.
 */
const GAME_WRITES: ReadonlySet<Action> = new Set<Action>([Actions.move, Actions.rematch]);

/**
 * Runs one inbound message, checks in the order docs/protocol.md states (so
 * which error wins is fixed): it is a message (not a lifecycle event), its
 * size, JSON, the connection's budget, the action, the schema, then the
 * action's own checks. Every error becomes a typed `error` reply to its sender
 * (never a stack trace) carrying `re` whenever the frame had a readable id.
 * Resolves only after every write and send is done.
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
  let charged = false;
  // Every frame is charged to its connection's budget once; see GAME_WRITES for the one exception.
  const chargeConnection = async (): Promise<Admission> => {
    charged = true;
    return await deps.connections.admit(connectionId, deps.settings.rateLimit, started);
  };
  try {
    let frame: unknown;
    let picked: { action: Action; run: ActionFn<Action> };
    try {
      frame = parseFrame(event.body);
      re = requestIdOf(frame);
      picked = pick(frame);
    } catch (error) {
      // A flood of oversized, broken or unknown frames empties the budget too.
      await chargeConnection();
      throw error;
    }
    const { action, run } = picked;
    let connection: ConnectionRecord;
    if (GAME_WRITES.has(action)) {
      const known = await deps.connections.get(connectionId);
      if (known === undefined) {
        charged = true;
        throw new BadRequestError('this connection is not registered: reconnect');
      }
      if (known.authExpiresAt !== undefined && known.authExpiresAt <= started) throw new UnauthorizedError();
      connection = known;
    } else {
      const admission = await chargeConnection();
      if (!admission.admitted) {
        if ('retryAfterMs' in admission) throw new RateLimitedError(admission.retryAfterMs);
        throw admission.reason === 'expired' ? new UnauthorizedError() : new BadRequestError('this connection is not registered: reconnect');
      }
      connection = admission.connection;
    }
    const request = validate(action, frame);
    room = (request as { room?: string }).room;
    const meter = charged ? undefined : { charged: () => (charged = true) };
    await run(deps, { connection, ...(re === undefined ? {} : { re }), ...(meter === undefined ? {} : { meter }) }, request);
    // Applied without a write of its own (a resend answered from the log): the connection pays, as for any message.
    if (!charged) await chargeConnection();
    deps.log.info('handled', { action, room, ms: deps.clock() - started });
  } catch (caught) {
    let error = caught;
    if (!charged) {
      // A refused game request was not charged in a room write: its connection pays, and a flood of them is told so.
      const admission = await chargeConnection();
      if (!admission.admitted && 'retryAfterMs' in admission) error = new RateLimitedError(admission.retryAfterMs);
    }
    // A frame refused for its size was not parsed; its id is still worth finding, so the sender's request can end.
    if (error instanceof PayloadTooLargeError) re = requestIdInText(event.body);
    await refuse(deps, connectionId, error, re, room);
  } finally {
    flush();
  }
  return { statusCode: 200 };
};

/** The typed error reply (and a log line without secrets: a game's refusal reason may describe hidden state, so only its code is logged). */
export const refuse = async (deps: Deps, connectionId: string, error: unknown, re: string | undefined, room: string | undefined): Promise<void> => {
  const refusal = toArenaError(error);
  if (refusal.code === 'INTERNAL') deps.log.error('request failed', { room, error: refusal.cause instanceof Error ? refusal.cause : String(refusal.cause) });
  else deps.log.info('request refused', { room, code: refusal.code, ...(refusal.code === 'ILLEGAL_MOVE' ? {} : { reason: refusal.message }) });
  const reply: ErrorReply = {
    type: 'error',
    ...(re === undefined ? {} : { re }),
    code: refusal.code,
    message: refusal.message,
    ...(refusal instanceof RateLimitedError ? { retryAfterMs: refusal.retryAfterMs } : {}),
  };
  await replyTo(deps, connectionId, reply, room);
};

/**
 * API Gateway runs an action's route only for messages; a lifecycle event
 * reaching it is refused outright (and vice versa, see `connection.ts`): the
 * handlers trust `eventType`, never the route a frame named.
 */
const messagesOnly =
  (provide: Provide, run: (event: APIGatewayProxyWebsocketEventV2, context?: Context) => Promise<{ statusCode: number }>): WebSocketHandler =>
  async (event, context) => {
    if (event.requestContext.eventType === 'MESSAGE') return await run(event, context);
    const { deps, flush } = provide(event.requestContext, { connectionId: event.requestContext.connectionId, routeKey: event.requestContext.routeKey }, context);
    deps.log.warn('lifecycle event on a message route ignored', { eventType: event.requestContext.eventType });
    flush();
    return { statusCode: 400 };
  };

/** A handler for one action route (`join`, `move`, ...). */
export const actionHandler =
  <A extends Action>(action: A, run: ActionFn<A>) =>
  (provide: Provide): WebSocketHandler =>
    messagesOnly(provide, (event, context) => handleMessage(provide, event, context, () => ({ action, run: run as unknown as ActionFn<Action> })));

/**
 * `$default`: API Gateway sends here whatever matched no route: non-JSON, no
 * `action`, an unknown action. A known action that still lands here (a route
 * missing from a deployment) is dispatched from the table rather than refused.
 */
export const defaultHandler =
  (table: ActionTable) =>
  (provide: Provide): WebSocketHandler =>
    messagesOnly(provide, (event, context) =>
      handleMessage(provide, event, context, (frame) => {
        const action = actionOf(frame);
        return { action, run: table[action] as unknown as ActionFn<Action> };
      }),
    );

/** A message that named a lifecycle route (`{"action":"$connect"}`): refused, nothing runs. */
export const lifecycleMessage = async (deps: Deps, connectionId: string, body: string | undefined): Promise<void> => {
  const route = (() => {
    try {
      return String((JSON.parse(body ?? '') as { action?: unknown }).action);
    } catch {
      return 'a lifecycle route';
    }
  })();
  await refuse(deps, connectionId, new UnknownActionError(route), requestIdInText(body), undefined);
};
