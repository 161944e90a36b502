import { createHash } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LeanSigner, canonicalPath } from '../../src/adapters/gateway/sigv4';
import { Sha256 } from '../support/sha256';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'token==' };
const scope = { region: 'eu-west-3', service: 'execute-api', escapePath: true };
const body = Buffer.from('{"type":"chat","text":"hi"}');
const bodyHash = createHash('sha256').update(body).digest('hex');

/** The SDK's own signer on the same request, for reference. */
const sdkAuthorization = async (path: string, headers: Record<string, string>, date: Date, creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = credentials) => {
  const signer = new SignatureV4({ credentials: creds, region: scope.region, service: scope.service, sha256: Sha256, uriEscapePath: true });
  const signed = await signer.sign({ method: 'POST', protocol: 'https:', hostname: 'abc.execute-api.eu-west-3.amazonaws.com', path, query: {}, headers: { ...headers }, body }, { signingDate: date });
  return signed.headers;
};

const leanHeaders = (path: string, headers: Record<string, string>, date: Date, creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = credentials) => {
  const out = { ...headers };
  new LeanSigner(scope).sign('POST', path, out, bodyHash, creds, date.getTime());
  return out;
};

const baseHeaders = {
  host: 'abc.execute-api.eu-west-3.amazonaws.com',
  'content-type': 'application/octet-stream',
  'content-length': String(body.byteLength),
  'user-agent': 'aws-sdk-js/3 ua/2.1',
  'x-amz-user-agent': 'aws-sdk-js/3',
  'amz-sdk-invocation-id': '7d3039e4-65e9-44e2-a0bf-0f85185ca0df',
  'amz-sdk-request': 'attempt=1; max=3',
  'x-amz-content-sha256': bodyHash,
};

describe('LeanSigner', () => {
  it('signs exactly as @smithy/signature-v4 does', async () => {
    const date = new Date('2026-11-23T13:54:30.123Z');
    const path = '/prod/@connections/L0SM9cOFvHcCIhw%3D';

    const lean = leanHeaders(path, baseHeaders, date);
    const sdk = await sdkAuthorization(path, baseHeaders, date);

    expect(lean.authorization).toBe(sdk.authorization);
    expect(lean['x-amz-date']).toBe('20261123T135430Z');
    expect(lean['x-amz-security-token']).toBe(credentials.sessionToken);
  });

  it('leaves the session token out when the credentials have none', async () => {
    const date = new Date('2026-11-23T00:00:00Z');
    const longTerm = { accessKeyId: 'AKID', secretAccessKey: 'secret' };

    const lean = leanHeaders('/@connections/a', baseHeaders, date, longTerm);

    expect(lean).not.toHaveProperty('x-amz-security-token');
    expect(lean.authorization).toBe((await sdkAuthorization('/@connections/a', baseHeaders, date, longTerm)).authorization);
  });

  it('derives a new signing key when the day or the credentials change', async () => {
    const signer = new LeanSigner(scope);
    const sign = (date: Date, creds: typeof credentials) => {
      const headers: Record<string, string> = { ...baseHeaders };
      signer.sign('POST', '/@connections/a', headers, bodyHash, creds, date.getTime());
      return headers.authorization;
    };
    const before = new Date('2026-11-23T23:59:59Z');
    const after = new Date('2026-11-24T00:00:01Z');
    const rotated = { ...credentials, secretAccessKey: 'rotated' };

    expect(sign(before, credentials)).toBe((await sdkAuthorization('/@connections/a', baseHeaders, before)).authorization);
    expect(sign(after, credentials)).toBe((await sdkAuthorization('/@connections/a', baseHeaders, after)).authorization);
    expect(sign(after, rotated)).toBe((await sdkAuthorization('/@connections/a', baseHeaders, after, rotated)).authorization);
  });

  it('agrees with @smithy/signature-v4 on any connection id and header value', async () => {
    const encode = (id: string) => encodeURIComponent(id).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 24, unit: 'grapheme' }),
        fc.string({ maxLength: 20 }).map((s) => s.replace(/[^\t\x20-\x7e]/g, ' ')),
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        async (id, userAgent, ms) => {
          const date = new Date(ms);
          const path = `/stage/@connections/${encode(id)}`;
          const headers = { ...baseHeaders, 'x-amz-user-agent': userAgent };

          expect(leanHeaders(path, headers, date).authorization).toBe((await sdkAuthorization(path, headers, date)).authorization);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('canonicalPath', () => {
  it.each([
    ['/prod/@connections/L0SM9cOFvHcCIhw%3D', '/prod/%40connections/L0SM9cOFvHcCIhw%253D'],
    ['/a/./b/../c/', '/a/c/'],
    ['/', '/'],
  ])('%s -> %s', (path, expected) => {
    expect(canonicalPath(path, true)).toBe(expected);
  });

  it('leaves the path alone when the service signs it unescaped (S3)', () => {
    expect(canonicalPath('/a/%3D', false)).toBe('/a/%3D');
  });
});
