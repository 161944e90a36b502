import type { Server } from 'node:http';

export interface ProbedRequest {
  arrivedAt: number;
  finishedAt?: number;
  /** What it was, for messages: the DynamoDB operation or the connection posted to. */
  what: string;
}

/** Records when each request to a server arrived and when its response finished. */
export const probeServer = (server: Server): ProbedRequest[] => {
  const requests: ProbedRequest[] = [];
  server.on('request', (request, response) => {
    const record: ProbedRequest = { arrivedAt: performance.now(), what: String(request.headers['x-amz-target'] ?? request.url) };
    requests.push(record);
    response.on('finish', () => (record.finishedAt = performance.now()));
  });
  return requests;
};
