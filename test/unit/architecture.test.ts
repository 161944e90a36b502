import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layering rules of STYLE.md, checked on the source so that breaking one
 * fails a test instead of waiting for a reviewer.
 */
const SRC = fileURLToPath(new URL('../../src', import.meta.url));

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
const source = files(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));
const importStatements = (text: string) =>
  [...text.matchAll(/^\s*(import|export)(\s+type)?[^'"]*from\s+'([^']+)'/gm)].map((m) => ({ spec: m[3] as string, typeOnly: m[2] !== undefined }));
const importsOf = (text: string): string[] => importStatements(text).map((i) => i.spec);

describe('architecture', () => {
  it('reads the environment only in config.ts', () => {
    const readers = source.filter((file) => /process\.env/.test(file.text)).map((file) => file.path);
    expect(readers).toEqual(['config.ts']);
  });

  it('keeps the game rules pluggable: nothing outside src/games names Connect Four', () => {
    const users = source.filter((file) => !file.path.startsWith('games/') && importsOf(file.text).some((spec) => spec.includes('connect-four')));
    expect(users.map((file) => file.path)).toEqual([]);
  });

  it('keeps the domain free of AWS: rooms/ and games/ import no SDK and no adapter', () => {
    const domain = source.filter((file) => file.path.startsWith('rooms/') || file.path.startsWith('games/'));
    expect(domain.length).toBeGreaterThan(3);
    for (const file of domain) {
      for (const spec of importsOf(file.text)) {
        expect(spec, file.path).not.toMatch(/^@aws-sdk|adapters\/|handlers\/|actions\//);
      }
    }
  });

  it('lets only adapters (and the broadcast module and wiring) talk to AWS', () => {
    const allowed = /^(adapters\/|broadcast\.ts$|handlers\/wiring\.ts$)/;
    const offenders = source.filter((file) => !allowed.test(file.path) && importStatements(file.text).some((i) => i.spec.startsWith('@aws-sdk/') && !i.typeOnly));
    expect(offenders.map((file) => file.path)).toEqual([]);
  });

  it('keeps protocol.ts dependency-free, so the browser client can bundle it', () => {
    const protocol = source.find((file) => file.path === 'protocol.ts');
    expect(importsOf(protocol?.text ?? 'missing')).toEqual([]);
  });
});
