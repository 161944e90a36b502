import { afterEach } from 'vitest';
import { WsPlayer } from '../../scripts/local/ws-player';

/**
 * Every e2e test fails if any message its players received is not a protocol
 * message by the outbound schemas: the spec is held against what the server
 * really sends through API Gateway (serverless offline), not only in memory.
 */
afterEach(() => {
  const violations = WsPlayer.takeViolations();
  if (violations.length === 0) return;
  const lines = violations.slice(0, 5).map(({ player, frame, issues }) => `${player} received ${frame}\n    ${issues.join('\n    ')}`);
  throw new Error(`${violations.length} message(s) do not conform to src/outbound-schemas.ts (docs/schemas/server/):\n  ${lines.join('\n  ')}`);
});
