/**
 * `npm run package [-- serverless options]`: builds the page, then runs `serverless package` in a temp
 * directory of its own, removed afterwards.
 *
 * Why the private temp directory: serverless-esbuild copies each function's files into
 * `os.tmpdir()/<function>-<pid>-<time>-<random>/` before zipping, and its clean-up removes those folders
 * without `recursive`, which fails on a non-empty folder and is silently ignored (serverless-esbuild
 * 1.57.2, `makeTempPathScoped`). Every package run left one folder per function behind. Pointing the
 * child's TMPDIR at a folder we own and removing that folder catches whatever it leaves, and leaves
 * other processes' temp files alone.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWeb } from './build-web';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVERLESS_BIN = createRequire(import.meta.url).resolve('serverless/bin/serverless.js');

export interface PackageOptions {
  /** The child's environment (default: this process's); its TMPDIR, if any, is where the private temp folder goes. */
  env?: NodeJS.ProcessEnv;
  /** What serverless prints; inherited by default. */
  stdio?: 'inherit' | 'pipe';
  timeoutMs?: number;
}

export interface PackageResult {
  code: number | null;
  output: string;
}

/** Builds the page and runs `serverless package <args>`; resolves when both the run and its clean-up are over. */
export const packageService = async (args: readonly string[], options: PackageOptions = {}): Promise<PackageResult> => {
  const env = options.env ?? process.env;
  await buildWeb();
  const privateTmp = await mkdtemp(join(env.TMPDIR ?? tmpdir(), 'arena-package-tmp-'));
  try {
    return await new Promise<PackageResult>((resolve, reject) => {
      const child = spawn(process.execPath, [SERVERLESS_BIN, 'package', ...args], {
        cwd: ROOT,
        env: { ...env, TMPDIR: privateTmp, TMP: privateTmp, TEMP: privateTmp },
        stdio: options.stdio === 'pipe' ? ['ignore', 'pipe', 'pipe'] : 'inherit',
        timeout: options.timeoutMs,
      });
      let output = '';
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, output }));
    });
  } finally {
    await rm(privateTmp, { recursive: true, force: true });
  }
};

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { code } = await packageService(process.argv.slice(2));
  process.exitCode = code ?? 1;
}
