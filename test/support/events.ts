import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

let counter = 0;

/** A WebSocket event shaped like API Gateway's (and serverless offline's). */
export const wsEvent = (routeKey: string, connectionId: string, body?: unknown): APIGatewayProxyWebsocketEventV2 => {
  counter++;
  const eventType = routeKey === '$connect' ? 'CONNECT' : routeKey === '$disconnect' ? 'DISCONNECT' : 'MESSAGE';
  return {
    requestContext: {
      routeKey,
      messageId: `m${counter}`,
      eventType,
      extendedRequestId: `x${counter}`,
      requestTime: new Date().toUTCString(),
      messageDirection: 'IN',
      stage: 'test',
      connectedAt: Date.now(),
      requestTimeEpoch: Date.now(),
      requestId: `r${counter}`,
      domainName: 'example.execute-api.us-east-1.amazonaws.com',
      connectionId,
      apiId: 'example',
      // API Gateway names the client's address on every event (the per-address cap counts it at $connect).
      identity: { sourceIp: '198.51.100.1' },
    } as APIGatewayProxyWebsocketEventV2['requestContext'],
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    isBase64Encoded: false,
  };
};
