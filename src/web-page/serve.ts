import type { Assets } from './assets';
import { securityHeaders } from './headers';
import { renderIndex } from './index-html';

export interface PageResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

const nameOf = (path: string): string | undefined => {
  try {
    return decodeURIComponent(path.replace(/^\//, ''));
  } catch {
    return undefined;
  }
};

/** Answers `GET path` from the built page: `/` is index.html with the WebSocket URL put in; other names are files of web/dist. */
export const servePage = (path: string, assets: Assets, websocketUrl: string): PageResponse => {
  const headers = securityHeaders(websocketUrl);
  const name = path === '/' || path === '' ? 'index.html' : nameOf(path);
  const asset = name === undefined ? undefined : assets.get(name);
  if (asset === undefined) {
    return { statusCode: 404, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body: 'not found', isBase64Encoded: false };
  }
  return {
    statusCode: 200,
    // Names are not content-hashed, so browsers revalidate instead of keeping an old build.
    headers: { ...headers, 'content-type': asset.contentType, 'cache-control': 'no-cache' },
    body: name === 'index.html' ? renderIndex(asset.body, websocketUrl) : asset.body,
    isBase64Encoded: asset.base64,
  };
};
