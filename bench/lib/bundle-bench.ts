import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { parse } from 'yaml';
import { SERVERLESS_YML } from '../../scripts/local/table-definition';
import { CHILD_ENV } from './child';

interface EsbuildBlock {
  bundle?: boolean;
  minify?: boolean;
  sourcemap?: boolean;
  target?: string;
  platform?: 'node';
  format?: 'esm' | 'cjs';
  outputFileExtension?: string;
  mainFields?: string[];
  external?: string[];
  exclude?: string[];
  banner?: { js?: string };
}

interface ServerlessYml {
  custom?: { esbuild?: EsbuildBlock };
  functions?: Record<string, { handler: string }>;
}

export interface BundleRow {
  function: string;
  /** `deployed`: serverless.yml's options; `sdk-external`: the same with the AWS SDK left to the Lambda runtime (for comparison). */
  build: 'deployed' | 'sdk-external';
  entry: string;
  /** Minified bundle, bytes. */
  bytes: number;
  /** Median time to import the bundle in a fresh Node process (module init), ms. */
  initMs: number;
  /** Largest contributors to the bundle, by package. */
  topPackages: { name: string; bytes: number }[];
}

/** esbuild options equivalent to what serverless-esbuild does with serverless.yml's `custom.esbuild` block. */
export const esbuildOptionsFromServerlessYml = async (): Promise<{ options: BuildOptions; functions: Record<string, string> }> => {
  const doc = parse(await readFile(SERVERLESS_YML, 'utf8'), { logLevel: 'error' }) as ServerlessYml;
  const block = doc.custom?.esbuild ?? {};
  const options: BuildOptions = {
    bundle: block.bundle ?? true,
    minify: block.minify ?? false,
    sourcemap: block.sourcemap ?? false,
    ...(block.target === undefined ? {} : { target: block.target }),
    platform: block.platform ?? 'node',
    format: block.format ?? 'cjs',
    ...(block.mainFields === undefined ? {} : { mainFields: block.mainFields }),
    // serverless-esbuild hands `exclude` to esbuild as external too (and leaves those out of the zip).
    external: [...(block.external ?? []), ...(block.exclude ?? []).filter((name) => name !== '*')],
    ...(block.banner?.js === undefined ? {} : { banner: { js: block.banner.js } }),
    outExtension: { '.js': block.outputFileExtension ?? '.js' },
    metafile: true,
    logLevel: 'silent',
  };
  const functions: Record<string, string> = {};
  // `src/handlers/move.handler` is the export `handler` of src/handlers/move.ts.
  for (const [name, fn] of Object.entries(doc.functions ?? {})) functions[name] = `${fn.handler.replace(/\.[^./]+$/, '')}.ts`;
  return { options, functions };
};

const packageOf = (input: string): string => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match?.[1] ?? (input.startsWith('src/') ? `src/${input.split('/')[1] ?? ''}` : input);
};

export const topPackages = (metafile: Metafile, output: string, count = 8): { name: string; bytes: number }[] => {
  const sizes = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[output]?.inputs ?? {})) {
    sizes.set(packageOf(input), (sizes.get(packageOf(input)) ?? 0) + bytesInOutput);
  }
  return [...sizes].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, bytes]) => ({ name, bytes }));
};

/**
 * What a deployed function finds in its environment (serverless.yml's
 * provider and function `environment`, with the values CloudFormation would
 * fill in), so each bundle's module init runs its real configuration path.
 */
const LAMBDA_ENV = {
  TABLE_NAME: 'serverless-arena-bench',
  POWERTOOLS_METRICS_NAMESPACE: 'ServerlessArena',
  RATE_LIMIT_BURST: '20',
  RATE_LIMIT_PER_SECOND: '2',
  FANOUT_THRESHOLD: '5000',
  FANOUT_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/serverless-arena-bench-FanoutQueue',
  TIMER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/serverless-arena-bench-TimerQueue',
  // The timer function's own (serverless.yml sets them on it alone; the other functions' wiring ignores them).
  TIMER_QUEUE_ARN: 'arn:aws:sqs:us-east-1:123456789012:serverless-arena-bench-TimerQueue',
  SCHEDULE_GROUP: 'serverless-arena-bench-timers',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/serverless-arena-bench-TimerSchedulerRole',
  WEBSOCKET_API_ID: 'abc123def4',
  WEBSOCKET_STAGE: 'bench',
  AWS_LAMBDA_FUNCTION_NAME: 'serverless-arena-bench',
};

/** Module init of a bundle in a fresh Node process: the part of a Lambda cold start the code controls. */
const measureInit = async (file: string): Promise<number> => {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  return await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      // Silent: stdout carries the measurement.
      env: { ...CHILD_ENV, ...LAMBDA_ENV, POWERTOOLS_LOG_LEVEL: 'SILENT', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => (code === 0 && Number.isFinite(Number(out)) ? resolve(Number(out)) : reject(new Error(`importing ${file} failed (${code}): ${err}`))));
  });
};

const measure = async (name: string, entry: string, buildKind: BundleRow['build'], options: BuildOptions, dir: string, initRuns: number): Promise<BundleRow> => {
  const outfile = join(dir, `${name}${options.outExtension?.['.js'] ?? '.js'}`);
  const result = await build({ ...options, absWorkingDir: dirname(SERVERLESS_YML), entryPoints: [entry], outfile });
  const output = Object.keys(result.metafile?.outputs ?? {})[0] as string;
  const runs: number[] = [];
  for (let r = 0; r < initRuns; r++) runs.push(await measureInit(outfile));
  runs.sort((a, b) => a - b);
  return {
    function: name,
    build: buildKind,
    entry,
    bytes: result.metafile?.outputs[output]?.bytes ?? 0,
    initMs: runs[Math.floor((runs.length - 1) / 2)] as number,
    topPackages: result.metafile === undefined ? [] : topPackages(result.metafile, output),
  };
};

/**
 * Builds every function of serverless.yml as serverless-esbuild would, and
 * times each bundle's module init; then, for comparison, the `move` handler
 * with the AWS SDK left external, as the nodejs22.x runtime would provide it
 * (resolved here from node_modules, which is what the runtime's copy is too:
 * files on disk, loaded one by one).
 */
export const runBundleBench = async (options: { initRuns: number; log: (line: string) => void }): Promise<BundleRow[]> => {
  const { options: esbuildOptions, functions } = await esbuildOptionsFromServerlessYml();
  const dir = await mkdtemp(join(tmpdir(), 'arena-bench-bundles-'));
  // Inside the project, so the bare `@aws-sdk/...` imports of the comparison bundle resolve.
  const nearModules = join(dirname(SERVERLESS_YML), 'node_modules', '.cache', 'arena-bench');
  const rows: BundleRow[] = [];
  try {
    for (const [name, entry] of Object.entries(functions)) {
      const row = await measure(name, entry, 'deployed', esbuildOptions, dir, options.initRuns);
      options.log(`  bundle ${name}: ${(row.bytes / 1000).toFixed(1)} kB, init ${row.initMs.toFixed(0)} ms`);
      rows.push(row);
    }
    if (functions.move !== undefined) {
      await mkdir(nearModules, { recursive: true });
      const external = [...(esbuildOptions.external ?? []), '@aws-sdk/*', '@smithy/*', '@aws/lambda-invoke-store'];
      const row = await measure('move', functions.move, 'sdk-external', { ...esbuildOptions, external }, nearModules, options.initRuns);
      options.log(`  bundle move, SDK external (comparison): ${(row.bytes / 1000).toFixed(1)} kB, init ${row.initMs.toFixed(0)} ms`);
      rows.push(row);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(nearModules, { recursive: true, force: true });
  }
  return rows;
};
