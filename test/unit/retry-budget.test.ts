import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, RetryBudget, retryAfterMs, retryErrorType } from '../../src/retry-budget';

const failure = (fields: { name?: string; message?: string; code?: string; status?: number; clockSkewCorrected?: boolean; headers?: Record<string, string> }) =>
  Object.defineProperty(
    Object.assign(new Error(fields.message ?? 'failed'), {
      name: fields.name ?? 'Error',
      ...(fields.code === undefined ? {} : { code: fields.code }),
      $metadata: { httpStatusCode: fields.status, ...(fields.clockSkewCorrected === undefined ? {} : { clockSkewCorrected: fields.clockSkewCorrected }) },
    }),
    '$response',
    { value: { headers: fields.headers ?? {} } },
  );

const throttled = failure({ name: 'LimitExceededException', status: 429 });
const at = (random: number) => new RetryBudget(100, DEFAULT_RETRY_POLICY, () => random);

describe('which failures are retried', () => {
  it.each([
    ['a 429', throttled, 'THROTTLING'],
    ['a 500', failure({ name: 'InternalServerErrorException', status: 500 }), 'TRANSIENT'],
    ['a 501', failure({ name: 'NotImplemented', status: 501 }), 'SERVER_ERROR'],
    ['a request timeout', failure({ name: 'TimeoutError', code: 'ETIMEDOUT' }), 'TRANSIENT'],
    ['a reset connection', failure({ code: 'ECONNRESET' }), 'TRANSIENT'],
    ['a signature the signer re-dated', failure({ name: 'InvalidSignatureException', status: 403, clockSkewCorrected: true }), 'TRANSIENT'],
    ['an expired signature', failure({ name: 'InvalidSignatureException', status: 403, message: 'Signature expired: 20261127T120000Z is now earlier than ...' }), 'TRANSIENT'],
    ['a 410', failure({ name: 'GoneException', status: 410 }), 'CLIENT_ERROR'],
    ['a 403', failure({ name: 'ForbiddenException', status: 403 }), 'CLIENT_ERROR'],
    ['an abort', failure({ name: 'AbortError', code: 'ECONNRESET' }), 'CLIENT_ERROR'],
  ])('%s is %s', (_what, error, type) => {
    expect(retryErrorType(error)).toBe(type);
  });
});

describe('the wait before a retry', () => {
  it('backs off exponentially with full jitter, from 500 ms after a 429 and 100 ms otherwise', () => {
    const server = failure({ status: 503 });

    expect([at(0).retryDelay(throttled, 1), at(0.999).retryDelay(throttled, 1), at(0.999).retryDelay(throttled, 2)]).toEqual([0, 499.5, 999]);
    expect([at(0.5).retryDelay(server, 1), at(0.5).retryDelay(server, 2)]).toEqual([50, 100]);
  });

  it('never retries sooner than a Retry-After, in seconds or as a date', () => {
    const now = Date.parse('2026-11-27T12:00:00Z');

    expect(at(0).retryDelay(failure({ status: 429, headers: { 'retry-after': '1.5' } }), 1)).toBe(1500);
    expect(retryAfterMs(failure({ status: 429, headers: { 'retry-after': 'Fri, 27 Nov 2026 12:00:01 GMT' } }), now)).toBe(1000);
    expect(retryAfterMs(failure({ status: 429, headers: { 'x-amz-retry-after': '250' } }), now)).toBe(250);
  });

  it('gives up rather than wait longer than its longest wait', () => {
    expect(at(0).retryDelay(failure({ status: 429, headers: { 'retry-after': '3' } }), 1)).toBeUndefined();
  });

  it('stops at the last attempt, and for what a retry cannot fix', () => {
    expect(at(0).retryDelay(throttled, DEFAULT_RETRY_POLICY.maxAttempts)).toBeUndefined();
    expect(at(0).retryDelay(failure({ name: 'GoneException', status: 410 }), 1)).toBeUndefined();
  });

  it('spends one retry per send of its broadcast (at least ten), then no more', () => {
    const budget = new RetryBudget(3, DEFAULT_RETRY_POLICY, () => 0);
    const granted = Array.from({ length: 12 }, () => budget.retryDelay(throttled, 1));

    expect(granted.filter((delay) => delay !== undefined)).toHaveLength(10);
    expect(budget.remaining).toBe(0);
    expect(new RetryBudget(25).remaining).toBe(25);
  });
});
