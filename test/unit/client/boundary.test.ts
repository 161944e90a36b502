import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The client is bundled into the page: it may not pull in server code, the AWS SDK or Node built-ins. */
const CLIENT = fileURLToPath(new URL('../../../src/client', import.meta.url));
const sources = readdirSync(CLIENT)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({ name, text: readFileSync(join(CLIENT, name), 'utf8') }));

const specifiers = (text: string): string[] => [...text.matchAll(/(?:from\s+|import\()\s*'([^']+)'/g)].map((m) => m[1] as string);

describe('the client library boundary', () => {
  it('imports only its own files and src/protocol.ts (and `ws`, found at run time in Node)', () => {
    expect(sources.length).toBeGreaterThan(5);
    for (const { name, text } of sources) {
      for (const spec of specifiers(text)) {
        expect(spec === '../protocol' || spec === 'ws' || /^\.\/[\w-]+$/.test(spec), `${name} imports ${spec}`).toBe(true);
      }
    }
  });

  it('reaches `ws` only through a dynamic import, so a browser bundle never loads it', () => {
    const staticWs = sources.filter(({ text }) => /from\s+'ws'/.test(text));
    expect(staticWs.map((s) => s.name)).toEqual([]);
  });
});
