import type { APIGatewayProxyWebsocketEventV2, Context } from 'aws-lambda';
import { connect, disconnect } from '../actions/connection-lifecycle';
import { AuthError, verifyPlayerToken } from '../auth';
import { TooManyConnectionsError } from '../errors';
import type { Provide } from './provide';
import { lifecycleMessage } from './route';

/** `$connect` events also carry the handshake's query string. */
type ConnectEvent = APIGatewayProxyWebsocketEventV2 & {
  queryStringParameters?: Record<string, string | undefined> | null;
  requestContext: { identity?: { sourceIp?: string } };
};
type Handler = (event: ConnectEvent, context?: Context) => Promise<{ statusCode: number }>;

/**
 * `$connect`: a 2xx lets API Gateway open the socket. It runs only for a
 * CONNECT event: a message that names the route (`{"action":"$connect"}`,
 * which serverless offline routes here) is refused and changes nothing. With
 * AUTH_SECRET set, the handshake must carry `?token=<JWT>`; anything else is
 * refused with 401 before a record is written. An address that already holds
 * `MAX_CONNECTIONS_PER_ADDRESS` connections is refused with 429.
 */
export const connectHandler =
  (provide: Provide): Handler =>
  async (event, context) => {
    const { connectionId, requestId } = event.requestContext;
    const { deps, flush } = provide(event.requestContext, { connectionId, routeKey: '$connect', requestId }, context);
    try {
      if (event.requestContext.eventType !== 'CONNECT') {
        await lifecycleMessage(deps, connectionId, event.body);
        return { statusCode: 200 };
      }
      let verified: { subject: string; expiresAt: number } | undefined;
      if (deps.settings.authSecret !== undefined) {
        verified = await verifyPlayerToken(event.queryStringParameters?.token, deps.settings.authSecret, deps.clock());
      }
      const address = event.requestContext.identity?.sourceIp;
      await connect(deps, {
        connectionId,
        ...(address === undefined ? {} : { address }),
        ...(verified === undefined ? {} : { identity: verified.subject, authExpiresAt: verified.expiresAt }),
      });
      deps.log.info('connected', { authenticated: verified !== undefined });
      return { statusCode: 200 };
    } catch (error) {
      if (error instanceof AuthError) {
        deps.log.info('connection refused', { reason: error.message });
        return { statusCode: 401 };
      }
      if (error instanceof TooManyConnectionsError) {
        deps.log.warn('connection refused', { reason: error.message });
        return { statusCode: 429 };
      }
      deps.log.error('connect failed', { error: error instanceof Error ? error : String(error) });
      return { statusCode: 500 };
    } finally {
      flush();
    }
  };

/** `$disconnect`: best effort on AWS's side, so everything it does is also done by pruning and TTL. Runs only for a DISCONNECT event. */
export const disconnectHandler =
  (provide: Provide): Handler =>
  async (event, context) => {
    const { connectionId, requestId } = event.requestContext;
    const { deps, flush } = provide(event.requestContext, { connectionId, routeKey: '$disconnect', requestId }, context);
    try {
      if (event.requestContext.eventType !== 'DISCONNECT') {
        await lifecycleMessage(deps, connectionId, event.body);
        return { statusCode: 200 };
      }
      await disconnect(deps, connectionId);
      deps.log.info('disconnected');
    } catch (error) {
      deps.log.error('disconnect failed', { error: error instanceof Error ? error : String(error) });
    } finally {
      flush();
    }
    return { statusCode: 200 };
  };
