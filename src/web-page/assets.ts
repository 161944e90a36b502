import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { contentTypeOf, isText } from './content-types';
import { settleAll } from '../settle-all';

export interface Asset {
  contentType: string;
  /** UTF-8 text, or base64 when `base64` is set. */
  body: string;
  base64: boolean;
}

/** The built page (`web/dist`), by file name. Only what is in it can be served: no path reaches outside. */
export type Assets = ReadonlyMap<string, Asset>;

export const loadAssets = async (dir: string): Promise<Assets> => {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile());
  const assets = await settleAll(
    files.map(async ({ name }): Promise<[string, Asset]> => {
      const contentType = contentTypeOf(name);
      const bytes = await readFile(join(dir, name));
      const text = isText(contentType);
      return [name, { contentType, body: bytes.toString(text ? 'utf8' : 'base64'), base64: !text }];
    }),
  );
  return new Map(assets);
};

/**
 * Loads the page once per container, or on every call when `fresh` (locally,
 * so a rebuilt page shows without a restart). A failed load is not kept.
 */
export const assetLoader = (dir: string, fresh: boolean): (() => Promise<Assets>) => {
  let cached: Promise<Assets> | undefined;
  return async () => {
    if (fresh) return await loadAssets(dir);
    try {
      return await (cached ??= loadAssets(dir));
    } catch (error) {
      cached = undefined;
      throw error;
    }
  };
};
