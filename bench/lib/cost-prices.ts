/**
 * List prices the cost part uses: us-east-1, as published on AWS's pricing pages on the date below.
 * Change them here (and the date) when AWS does; docs/performance.md ("Cost") quotes the same figures.
 */
export const PRICES = {
  region: 'us-east-1',
  checked: '2026-11-27',
  apiGateway: {
    /** WebSocket API: every inbound frame and every PostToConnection, metered in 32 KB increments. */
    perMillionMessages: 1.0,
    perMillionConnectionMinutes: 0.25,
    messageBytes: 32 * 1024,
  },
  dynamodb: {
    /** On-demand, since the price cut of 1 November 2024. */
    perMillionWriteUnits: 0.625,
    perMillionReadUnits: 0.125,
  },
  lambda: {
    /** arm64 (serverless.yml's architecture), first pricing tier. */
    perGbSecond: 0.0000133334,
    perMillionRequests: 0.2,
  },
  sources: [
    'https://aws.amazon.com/api-gateway/pricing/',
    'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    'https://aws.amazon.com/lambda/pricing/',
  ],
} as const;

/** The memory every WebSocket function gets (serverless.yml's provider.memorySize). */
export const FUNCTION_MEMORY_MB = 512;
