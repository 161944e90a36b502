/**
 * `npm run build:web`: the game page into web/dist (git-ignored), which the
 * `page` function serves. web/src/main.ts is bundled to app.js, web/styles.css
 * to app.css; index.html and favicon.svg are copied. `npm start`, `npm run
 * package` and the browser tests build it first.
 */
import { build } from 'esbuild';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WEB = join(ROOT, 'web');
export const WEB_DIST = join(WEB, 'dist');

/**
 * Each file is written beside its final name and renamed over it: two stacks
 * starting at once (the e2e and browser test setups) never serve a half-written file.
 */
const writeAtomically = async (path: string, contents: Uint8Array | string): Promise<void> => {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
};

/** Builds the page; resolves with the names of the files written. */
export const buildWeb = async (): Promise<string[]> => {
  const result = await build({
    entryPoints: { app: join(WEB, 'src', 'main.ts'), 'app-styles': join(WEB, 'styles.css') },
    outdir: WEB_DIST,
    bundle: true,
    format: 'esm',
    target: ['chrome109', 'firefox115', 'safari16'],
    minify: true,
    sourcemap: false,
    // The client finds `ws` by itself in Node; browsers have WebSocket and never reach that import.
    external: ['ws'],
    write: false,
    logLevel: 'warning',
  });
  await mkdir(WEB_DIST, { recursive: true });
  const written: string[] = [];
  for (const file of result.outputFiles) {
    // esbuild names the stylesheet after its entry; the page links /app.css.
    const name = basename(file.path) === 'app-styles.css' ? 'app.css' : basename(file.path);
    await writeAtomically(join(WEB_DIST, name), file.contents);
    written.push(name);
  }
  for (const name of ['index.html', 'favicon.svg']) {
    await writeAtomically(join(WEB_DIST, name), await readFile(join(WEB, name)));
    written.push(name);
  }
  return written.sort();
};

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const files = await buildWeb();
  console.log(`web/dist: ${files.join(', ')} (${Math.round(performance.now() - started)} ms)`);
}
