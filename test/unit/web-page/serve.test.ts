import { describe, expect, it } from 'vitest';
import type { Asset, Assets } from '../../../src/web-page/assets';
import { servePage } from '../../../src/web-page/serve';

const text = (contentType: string, body: string): Asset => ({ contentType, body, base64: false });
const assets: Assets = new Map([
  ['index.html', text('text/html; charset=utf-8', '<meta name="arena-websocket-url" content="%WEBSOCKET_URL%"><script src="/app.js"></script>')],
  ['app.js', text('text/javascript; charset=utf-8', 'console.log(1)')],
  ['logo.png', { contentType: 'image/png', body: 'iVBORw0KGgo=', base64: true }],
]);
const WS = 'ws://localhost:3001';

describe('servePage', () => {
  it('serves / as index.html with the WebSocket URL put into its meta tag', () => {
    const response = servePage('/', assets, WS);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('content="ws://localhost:3001"');
    expect(response.body).not.toContain('%WEBSOCKET_URL%');
  });

  it('escapes the URL for the attribute it goes into', () => {
    const response = servePage('/', assets, 'wss://example.com/prod?x="><script>');
    expect(response.body).toContain('content="wss://example.com/prod?x=&quot;&gt;&lt;script&gt;"');
  });

  it('sends a CSP that allows only its own scripts and styles and only the WebSocket API over the network', () => {
    const csp = servePage('/', assets, 'wss://abc123.execute-api.eu-west-1.amazonaws.com/prod').headers['content-security-policy'];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain('connect-src wss://abc123.execute-api.eu-west-1.amazonaws.com');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('serves a file of the build with its content type, binary ones base64-encoded', () => {
    expect(servePage('/app.js', assets, WS)).toMatchObject({ statusCode: 200, body: 'console.log(1)', isBase64Encoded: false, headers: { 'content-type': 'text/javascript; charset=utf-8' } });
    expect(servePage('/logo.png', assets, WS)).toMatchObject({ statusCode: 200, body: 'iVBORw0KGgo=', isBase64Encoded: true, headers: { 'content-type': 'image/png' } });
  });

  it.each(['/nope.js', '/../package.json', '/%2e%2e%2fpackage.json', '/%E0%A4%A', '/web/dist/app.js'])('answers 404 for %s, with the security headers still on', (path) => {
    const response = servePage(path, assets, WS);
    expect(response.statusCode).toBe(404);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(response.headers['permissions-policy']).toContain('camera=()');
    expect(response.headers['permissions-policy']).toContain('geolocation=()');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
  });
});
