import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assetLoader, loadAssets } from '../../../src/web-page/assets';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arena-web-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadAssets', () => {
  it('reads every file of the build with its content type; binary as base64', async () => {
    await writeFile(join(dir, 'app.css'), 'body{}');
    await writeFile(join(dir, 'icon.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));

    const assets = await loadAssets(dir);

    expect(assets.get('app.css')).toEqual({ contentType: 'text/css; charset=utf-8', body: 'body{}', base64: false });
    expect(assets.get('icon.png')).toEqual({ contentType: 'image/png', body: 'iVBORw==', base64: true });
  });
});

describe('assetLoader', () => {
  it('keeps what it loaded for the container', async () => {
    await writeFile(join(dir, 'app.js'), 'one');
    const load = assetLoader(dir, false);
    expect((await load()).get('app.js')?.body).toBe('one');
    await writeFile(join(dir, 'app.js'), 'two');
    expect((await load()).get('app.js')?.body).toBe('one');
  });

  it('reads again on every call when fresh (serverless offline: a rebuilt page shows at once)', async () => {
    await writeFile(join(dir, 'app.js'), 'one');
    const load = assetLoader(dir, true);
    await load();
    await writeFile(join(dir, 'app.js'), 'two');
    expect((await load()).get('app.js')?.body).toBe('two');
  });

  it('does not keep a failed load: the next call tries again', async () => {
    const dist = join(dir, 'dist');
    const load = assetLoader(dist, false);
    await expect(load()).rejects.toThrow(/ENOENT/);

    await mkdir(dist);
    await writeFile(join(dist, 'index.html'), 'built');
    expect((await load()).get('index.html')?.body).toBe('built');
  });
});
