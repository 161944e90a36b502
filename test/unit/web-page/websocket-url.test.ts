import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config';

/** How the page's function learns the WebSocket URL it puts in the page (src/config.ts). */
const DEPLOYED = { TABLE_NAME: 'arena-prod', AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'x' };

describe('the public WebSocket URL', () => {
  it('is derived on AWS from the API id and stage the stack passes', () => {
    const config = loadConfig({ ...DEPLOYED, WEBSOCKET_API_ID: 'abc123xyz0', WEBSOCKET_STAGE: 'prod' });
    expect(config.publicWebsocketUrl).toBe('wss://abc123xyz0.execute-api.eu-west-1.amazonaws.com/prod');
  });

  it('is PUBLIC_WEBSOCKET_URL when set (a custom domain, the local stack)', () => {
    const config = loadConfig({ ...DEPLOYED, WEBSOCKET_API_ID: 'abc123xyz0', WEBSOCKET_STAGE: 'prod', PUBLIC_WEBSOCKET_URL: 'wss://play.example.com' });
    expect(config.publicWebsocketUrl).toBe('wss://play.example.com');
  });

  it('is not derived under serverless offline, which renders the id as an object', () => {
    const config = loadConfig({ TABLE_NAME: 't', IS_OFFLINE: 'true', WEBSOCKET_API_ID: '[object Object]', WEBSOCKET_STAGE: 'local' });
    expect(config.publicWebsocketUrl).toBeUndefined();
  });

  it('is unknown without the stage', () => {
    expect(loadConfig({ ...DEPLOYED, WEBSOCKET_API_ID: 'abc123xyz0' }).publicWebsocketUrl).toBeUndefined();
  });

  it.each([
    ['WEBSOCKET_API_ID', { WEBSOCKET_API_ID: 'abc/../x', WEBSOCKET_STAGE: 'prod' }],
    ['WEBSOCKET_STAGE', { WEBSOCKET_API_ID: 'abc123xyz0', WEBSOCKET_STAGE: 'prod/x' }],
  ])('fails the cold start with a ConfigError naming %s when it is malformed', (name, env) => {
    expect(() => loadConfig({ ...DEPLOYED, ...env })).toThrow(expect.objectContaining({ name: 'ConfigError', message: expect.stringContaining(name) }));
  });
});
