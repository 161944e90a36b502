import { Logger } from '@aws-lambda-powertools/logger';
import type { Log } from '../ports/telemetry';

/**
 * Powertools Logger: one JSON object per line, with the Lambda context keys.
 * Level comes from POWERTOOLS_LOG_LEVEL (serverless.yml sets INFO).
 */
export const createLogger = (options: ConstructorParameters<typeof Logger>[0] = {}): Logger => new Logger({ serviceName: 'serverless-arena', ...options });

/** The `Log` port over Powertools, with per-invocation fields (connection, room, action, request id) on every line. */
export const logWith = (logger: Logger, fields: Record<string, unknown>): Log => ({
  debug: (message, extra) => logger.debug(message, { ...fields, ...extra }),
  info: (message, extra) => logger.info(message, { ...fields, ...extra }),
  warn: (message, extra) => logger.warn(message, { ...fields, ...extra }),
  error: (message, extra) => logger.error(message, { ...fields, ...extra }),
});
