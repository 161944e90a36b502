/**
 * `npm run bench:profile`: where each send's microseconds go. Runs one
 * broadcast per send path under `node --cpu-prof` (a fresh process each, warm
 * as in `npm run bench`), keeps only the samples of the timed broadcast, and
 * sums self time by what the code is doing. Written to bench/results/profile.json
 * (profile-gone.json with --gone-every);
 * the raw .cpuprofile files stay in bench/results/profiles/<variant>/ (open them in Chrome DevTools).
 *
 *   npm run bench:profile -- --n 10000 --variants project,sdk-path,seed [--gone-every 10]
 */
import './lib/quiet';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_BROADCAST_CONCURRENCY } from '../src/broadcast';
import { runWorker } from './lib/broadcast-bench';
import { benchFile, startChild } from './lib/child';
import { summariseProfile, type ProfileSummary } from './lib/cpu-profile';
import type { FakeApiMessage, Variant } from './lib/shared';
import { fixed, formatTable } from './lib/table';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '10000' },
    variants: { type: 'string', default: 'project,sdk-path,seed' },
    'gone-every': { type: 'string', default: '0' },
  },
});
const n = Number(values.n);
const goneEvery = Number(values['gone-every']);
const variants = (values.variants ?? '').split(',') as Variant[];
const results = fileURLToPath(new URL('./results/', import.meta.url));
const profiles = join(results, 'profiles');
await mkdir(profiles, { recursive: true });

const log = (line: string) => process.stdout.write(`${line}\n`);
log(`profiling a broadcast to ${n.toLocaleString('en')} connections${goneEvery > 0 ? `, every ${goneEvery}th gone,` : ''} at 20 ms; load average ${loadavg().map((v) => v.toFixed(2)).join(' / ')}`);

const api = startChild<FakeApiMessage>(benchFile('fake-api-process.ts'), { latencyMs: 20 });
const summaries: Partial<Record<Variant, ProfileSummary & { wallMs: number; sendsPerSecond: number }>> = {};
try {
  const ready = await api.next();
  if (ready.type !== 'ready') throw new Error('fake API did not start');
  for (const variant of variants) {
    log(`  ${variant}: broadcasting under --cpu-prof`);
    // A directory per variant: tsx's loader thread writes a profile of its own beside the main thread's.
    const dir = join(profiles, variant);
    await rm(dir, { recursive: true, force: true });
    const result = await runWorker({ variant, n, goneEvery, endpoint: ready.endpoint, warmup: 10 * DEFAULT_BROADCAST_CONCURRENCY }, ['--cpu-prof', '--cpu-prof-dir', dir]);
    const files = await Promise.all((await readdir(dir)).map(async (file) => ({ file: join(dir, file), size: (await stat(join(dir, file))).size })));
    const main = files.sort((a, b) => b.size - a.size)[0];
    if (main === undefined) throw new Error(`no profile written in ${dir}`);
    const summary = await summariseProfile(main.file, result.window, n);
    summaries[variant] = { ...summary, wallMs: result.wallMs, sendsPerSecond: (n / result.wallMs) * 1000 };
  }
} finally {
  await api.kill();
}

const names = [...new Set(Object.values(summaries).flatMap((summary) => summary.categories.map((c) => c.name)))];
const usPerSend = (variant: Variant, name: string) => summaries[variant]?.categories.find((c) => c.name === name)?.usPerSend ?? 0;
const first = variants[0] as Variant;
names.sort((a, b) => usPerSend(first, b) - usPerSend(first, a));
const totalRow = 'total sampled (CPU + idle)';
log('');
log(
  formatTable(
    [
      { header: 'self time, µs per send', value: (name: string) => name, align: 'left' },
      ...variants.map((variant) => ({
        header: variant,
        value: (name: string) => fixed(name === totalRow ? (summaries[variant]?.windowMs ?? 0) * 1000 / n : usPerSend(variant, name), 1),
      })),
    ],
    [...names, totalRow],
  ),
);
for (const variant of variants) {
  const summary = summaries[variant];
  if (summary === undefined) continue;
  log(`\n${variant}: ${fixed(summary.wallMs)} ms wall, ${fixed(summary.sendsPerSecond)} sends/s; hottest functions (self µs per send):`);
  for (const fn of summary.topFunctions.slice(0, 10)) log(`  ${fixed(fn.usPerSend, 1).padStart(6)}  ${fn.name}`);
}
const out = join(results, goneEvery > 0 ? 'profile-gone.json' : 'profile.json');
await writeFile(out, `${JSON.stringify({ generatedAt: new Date().toISOString(), n, goneEvery, latencyMs: 20, summaries }, null, 2)}\n`);
log(`\nwritten to ${out}`);
