import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptionsFromServerlessYml } from '../../bench/lib/bundle-bench';
import { SERVERLESS_YML } from '../../scripts/local/table-definition';

/**
 * The project's bundle target (docs/performance.md, "Targets at a glance"):
 * every function of serverless.yml, bundled with its `custom.esbuild` options
 * as the bench and serverless-esbuild do, is at most 350 kB minified. And what
 * keeps it there: no function bundles the SDK's SQS client (the lean one
 * sends), and only the timer function bundles the Scheduler client.
 */
const LIMIT_BYTES = 350_000;

interface Built {
  bytes: number;
  inputs: string[];
}

const built = new Map<string, Built>();

beforeAll(async () => {
  const { options, functions } = await esbuildOptionsFromServerlessYml();
  for (const [name, entry] of Object.entries(functions)) {
    const result = await build({ ...options, absWorkingDir: dirname(SERVERLESS_YML), entryPoints: [entry], outfile: join(tmpdir(), `arena-bundle-size-${name}.mjs`), write: false });
    const [output] = Object.values((result.metafile as Metafile).outputs);
    built.set(name, { bytes: output?.bytes ?? 0, inputs: Object.keys(output?.inputs ?? {}) });
  }
}, 120_000);

const bundles = (input: string) => [...built].filter(([, bundle]) => bundle.inputs.some((path) => path.includes(`node_modules/${input}/`))).map(([name]) => name);

describe('handler bundles', () => {
  it('are each at most 350 kB minified', () => {
    expect(built.size).toBeGreaterThanOrEqual(16);
    const over = [...built].filter(([, bundle]) => bundle.bytes > LIMIT_BYTES).map(([name, bundle]) => `${name}: ${(bundle.bytes / 1000).toFixed(1)} kB`);
    expect(over).toEqual([]);
  });

  it('leave the SQS client out: the lean client sends', () => {
    expect(bundles('@aws-sdk/client-sqs')).toEqual([]);
    expect(bundles('@aws-sdk/middleware-sdk-sqs')).toEqual([]);
  });

  it('carry the Scheduler client in the timer function only', () => {
    expect(bundles('@aws-sdk/client-scheduler')).toEqual(['timer']);
  });
});
