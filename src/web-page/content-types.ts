import { extname } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

/** The Content-Type of a file of the built page; unknown kinds are served as bytes, never sniffed. */
export const contentTypeOf = (name: string): string => TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';

/** Text goes out as it is; anything else base64-encoded, as API Gateway requires for binary bodies. */
export const isText = (contentType: string): boolean => /^text\/|javascript|json|svg\+xml/.test(contentType);
