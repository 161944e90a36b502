import { PostToConnectionCommand, type ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { BroadcastReport } from '../../src/broadcast';

/**
 * The baseline: the seed's broadcast, kept here only to be measured against.
 * Every send starts at once (unbounded `Promise.allSettled`) over whatever
 * client it is given, which in the seed was `new ApiGatewayManagementApiClient({...})`
 * with the SDK's default agent (50 sockets; the rest queue inside the agent).
 * The payload is serialised once, as in the project, so the comparison is
 * about the send path, not about JSON.
 */
export const seedBroadcast = async (gateway: ApiGatewayManagementApiClient, connectionIds: readonly string[], payload: unknown): Promise<BroadcastReport> => {
  const body = Buffer.from(JSON.stringify(payload));
  const results = await Promise.allSettled(connectionIds.map((id) => gateway.send(new PostToConnectionCommand({ ConnectionId: id, Data: body }))));
  const report: BroadcastReport = { delivered: [], gone: [], failed: [] };
  results.forEach((result, index) => {
    const id = connectionIds[index] as string;
    if (result.status === 'fulfilled') report.delivered.push(id);
    else if ((result.reason as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 410) report.gone.push(id);
    else report.failed.push({ connectionId: id, error: String(result.reason) });
  });
  return report;
};
