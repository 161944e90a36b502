import { describe, expect, inject, it } from 'vitest';
import { abuse } from '../../scripts/local/abuse';

describe('floods and garbage through serverless offline', () => {
  it('answers with typed errors, stays up, and leaves a game in another room untouched', async () => {
    const report = await abuse(inject('websocketUrl'), { flood: 150, tag: 'e2e' });

    expect(report.malformedReplies).toBe(0);
    expect(report.replies.RATE_LIMITED).toBeGreaterThan(20);
    expect(report.replies.PAYLOAD_TOO_LARGE).toBe(1);
    expect(report.replies.UNKNOWN_ACTION).toBe(1);
    expect(report.replies.BAD_REQUEST).toBeGreaterThanOrEqual(8);
    expect(report.replies.NOT_IN_ROOM).toBeGreaterThanOrEqual(2);
    expect(report.game).toEqual({ moves: 7, winner: 0, errors: [], strayEvents: 0 });
    expect(report.aliveAfter).toBe(true);
  });
});
