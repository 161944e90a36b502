import type { APIGatewayProxyWebsocketEventV2, Context } from 'aws-lambda';
import { connect, disconnect } from '../actions/connection-lifecycle';
import { AuthError, verifyPlayerToken } from '../auth';
import type { Provide } from './provide';

/** `$connect` events also carry the handshake's query string. */
type ConnectEvent = APIGatewayProxyWebsocketEventV2 & { queryStringParameters?: Record<string, string | undefined> | null };
type Handler = (event: ConnectEvent, context?: Context) => Promise<{ statusCode: number }>;

/**
 * `$connect`: a 2xx lets API Gateway open the socket. With AUTH_SECRET set, the
 * handshake must carry `?token=<JWT>`; anything else is refused with 401 before
 * a record is written, and the verified subject becomes the player's identity.
 */
export const connectHandler =
  (provide: Provide): Handler =>
  async (event, context) => {
    const { connectionId, requestId } = event.requestContext;
    const { deps, flush } = provide(event.requestContext, { connectionId, routeKey: '$connect', requestId }, context);
    try {
      let identity: string | undefined;
      if (deps.settings.authSecret !== undefined) {
        identity = (await verifyPlayerToken(event.queryStringParameters?.token, deps.settings.authSecret, deps.clock())).subject;
      }
      await connect(deps, connectionId, identity);
      deps.log.info('connected', { authenticated: identity !== undefined });
      return { statusCode: 200 };
    } catch (error) {
      if (error instanceof AuthError) {
        deps.log.info('connection refused', { reason: error.message });
        return { statusCode: 401 };
      }
      deps.log.error('connect failed', { error: error instanceof Error ? error : String(error) });
      return { statusCode: 500 };
    } finally {
      flush();
    }
  };

/** `$disconnect`: best effort on AWS's side, so everything it does is also done by pruning and TTL. */
export const disconnectHandler =
  (provide: Provide): Handler =>
  async (event, context) => {
    const { connectionId, requestId } = event.requestContext;
    const { deps, flush } = provide(event.requestContext, { connectionId, routeKey: '$disconnect', requestId }, context);
    try {
      await disconnect(deps, connectionId);
      deps.log.info('disconnected');
    } catch (error) {
      deps.log.error('disconnect failed', { error: error instanceof Error ? error : String(error) });
    } finally {
      flush();
    }
    return { statusCode: 200 };
  };
