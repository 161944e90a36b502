import type { APIGatewayProxyWebsocketEventV2, Context } from 'aws-lambda';
import { connect, disconnect } from '../actions/connection-lifecycle';
import type { Provide } from './provide';

type Handler = (event: APIGatewayProxyWebsocketEventV2, context?: Context) => Promise<{ statusCode: number }>;

/** `$connect`: a 2xx lets API Gateway open the socket. */
export const connectHandler =
  (provide: Provide): Handler =>
  async (event, context) => {
    const { connectionId, requestId } = event.requestContext;
    const { deps, flush } = provide(event.requestContext, { connectionId, routeKey: '$connect', requestId }, context);
    try {
      await connect(deps, connectionId);
      deps.log.info('connected');
      return { statusCode: 200 };
    } catch (error) {
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
