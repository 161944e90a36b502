import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The lint rules are part of the defence: this proves the project's own ESLint
 * config (not a copy of it) reports every usual way of starting a broadcast
 * without awaiting it. Weakening the config makes this test fail.
 */
const fixture = fileURLToPath(new URL('../fixtures/lint/seed-bug.ts', import.meta.url));
const lines = readFileSync(fixture, 'utf8').split('\n');
const lineOf = (marker: string) => lines.findIndex((line) => line.includes(`// BUG: ${marker}`)) + 1;

describe('the ESLint config', () => {
  it('reports every un-awaited broadcast and nothing on the awaited one', async () => {
    const eslint = new ESLint({ cwd: fileURLToPath(new URL('../..', import.meta.url)), ignore: false });

    const [result] = await eslint.lintFiles([fixture]);
    const found = (result?.messages ?? []).map((m) => `${m.line} ${m.ruleId}`);

    expect(found).toContain(`${lineOf('floating')} @typescript-eslint/no-floating-promises`);
    expect(found).toContain(`${lineOf('void')} @typescript-eslint/no-floating-promises`);
    // the promise rule accepts a chained handler; the restricted-syntax rule does not
    expect(found).toContain(`${lineOf('then')} no-restricted-syntax`);
    expect(found).toContain(`${lineOf('catch')} no-restricted-syntax`);
    expect(found).toContain(`${lineOf('forEach')} @typescript-eslint/no-misused-promises`);
    const awaitedStart = lines.findIndex((line) => line.includes('export const awaited')) + 1;
    expect((result?.messages ?? []).filter((m) => m.line >= awaitedStart)).toEqual([]);
    expect((result?.messages ?? []).filter((m) => m.severity === 2 && m.ruleId?.includes('promise')).length).toBeGreaterThanOrEqual(3);
  });
});
