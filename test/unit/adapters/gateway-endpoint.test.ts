import { describe, expect, it } from 'vitest';
import { gatewayClientFor, managementEndpoint } from '../../../src/adapters/gateway/client';

const onAws = { domainName: 'abc123.execute-api.eu-west-1.amazonaws.com', stage: 'prod' };
const clientConfig = { region: 'us-east-1', localCredentials: { accessKeyId: 'x', secretAccessKey: 'x' }, broadcastConcurrency: undefined };

describe('managementEndpoint', () => {
  it('posts back to the API that invoked us on AWS', () => {
    expect(managementEndpoint({ websocketApiEndpoint: undefined, isOffline: false }, onAws)).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com/prod');
  });

  it("uses offline's port under serverless offline, whose request context (localhost, stage local) is not an endpoint", () => {
    expect(managementEndpoint({ websocketApiEndpoint: undefined, isOffline: true }, { domainName: 'localhost', stage: 'local' })).toBe('http://localhost:3001');
  });

  it('prefers WEBSOCKET_API_ENDPOINT over both (tests, custom domains)', () => {
    expect(managementEndpoint({ websocketApiEndpoint: 'https://play.example.com', isOffline: true }, onAws)).toBe('https://play.example.com');
    expect(managementEndpoint({ websocketApiEndpoint: 'https://play.example.com', isOffline: false }, onAws)).toBe('https://play.example.com');
  });

  it('refuses to guess when the request context has no domain or stage', () => {
    expect(() => managementEndpoint({ websocketApiEndpoint: undefined, isOffline: false }, {})).toThrow('domainName/stage');
  });
});

describe('gatewayClientFor', () => {
  it('creates one client per endpoint and reuses it (once per container)', () => {
    const first = gatewayClientFor(clientConfig, 'https://a.example/prod');

    expect(gatewayClientFor(clientConfig, 'https://a.example/prod')).toBe(first);
    expect(gatewayClientFor(clientConfig, 'https://b.example/prod')).not.toBe(first);
  });
});
