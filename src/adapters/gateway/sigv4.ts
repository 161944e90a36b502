import { createHash, createHmac } from 'node:crypto';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SigningScope {
  region: string;
  service: string;
  /** The SDK's `signingEscapePath`: every service but S3 signs the URI-encoded path encoded once more. */
  escapePath: boolean;
}

// Never signed, by the same rules as @smithy/signature-v4.
const UNSIGNABLE = new Set([
  'authorization',
  'cache-control',
  'connection',
  'expect',
  'from',
  'keep-alive',
  'max-forwards',
  'pragma',
  'referer',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
]);

const isSignable = (name: string): boolean => !UNSIGNABLE.has(name) && !name.startsWith('proxy-') && !name.startsWith('sec-');

const canonicalValue = (value: string): string => value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, '');

const escapeUri = (value: string): string => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** SigV4's canonical URI, exactly as @smithy/signature-v4 derives it (dot segments resolved, then encoded again). */
export const canonicalPath = (path: string, escapePath: boolean): string => {
  if (!escapePath) return path;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment.length === 0 || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalised = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return escapeUri(normalised).replace(/%2F/g, '/');
};

const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/**
 * AWS Signature Version 4 for header-signed requests with a known payload
 * hash, as @smithy/signature-v4 computes it but without its per-request
 * overhead: the signing key is derived once per credentials and day (the SDK
 * re-derives an HMAC of the secret on every request just to look its cache
 * up), the date string once per second, and nothing is cloned. Each request
 * costs one SHA-256 of the canonical request and one HMAC.
 */
export class LeanSigner {
  private readonly keys = new WeakMap<SigningCredentials, { day: string; key: Buffer }>();
  private lastSecond = -1;
  private longDate = '';

  constructor(private readonly scope: SigningScope) {}

  /**
   * Adds `x-amz-date`, `x-amz-security-token` (when the credentials have one)
   * and `authorization` to `headers` (names in lower case), signing every
   * signable header in it.
   */
  sign(method: string, path: string, headers: Record<string, string>, payloadHash: string, credentials: SigningCredentials, nowMs: number): void {
    const longDate = this.dateOf(nowMs);
    const day = longDate.slice(0, 8);
    headers['x-amz-date'] = longDate;
    if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
    const names = Object.keys(headers).filter(isSignable).sort();
    let canonicalHeaders = '';
    for (const name of names) canonicalHeaders += `${name}:${canonicalValue(headers[name] as string)}\n`;
    const signedHeaders = names.join(';');
    const canonicalRequest = `${method}\n${canonicalPath(path, this.scope.escapePath)}\n\n${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
    const credentialScope = `${day}/${this.scope.region}/${this.scope.service}/aws4_request`;
    const stringToSign = `AWS4-HMAC-SHA256\n${longDate}\n${credentialScope}\n${createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')}`;
    const signature = createHmac('sha256', this.signingKey(credentials, day)).update(stringToSign, 'utf8').digest('hex');
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  }

  private dateOf(nowMs: number): string {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.lastSecond) {
      this.lastSecond = second;
      this.longDate = `${new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '')}`;
    }
    return this.longDate;
  }

  private signingKey(credentials: SigningCredentials, day: string): Buffer {
    // Keyed by the credentials object: the SDK's memoised provider hands out a new one when it refreshes.
    const cached = this.keys.get(credentials);
    if (cached?.day === day) return cached.key;
    const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), this.scope.region), this.scope.service), 'aws4_request');
    this.keys.set(credentials, { day, key });
    return key;
  }
}
