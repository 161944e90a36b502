import { describe, expect, it } from 'vitest';
import { gatewayClientFor, managementEndpoint } from '../../../src/adapters/gateway/client';

const onAws = { domainName: 'abc123.execute-api.eu-west-1.amazonaws.com', stage: 'prod', apiId: 'abc123' };
// Behind a custom domain, API Gateway reports the custom host; its path is the API mapping key, not the stage.
const behindCustomDomain = { domainName: 'play.example.com', stage: 'prod', apiId: 'abc123' };
const onAwsConfig = { websocketApiEndpoint: undefined, isOffline: false, region: 'eu-west-1' };
const clientConfig = { region: 'us-east-1', localCredentials: { accessKeyId: 'x', secretAccessKey: 'x' }, broadcastConcurrency: undefined };

describe('managementEndpoint', () => {
  it('posts back to the API that invoked us on AWS', () => {
    expect(managementEndpoint(onAwsConfig, onAws)).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com/prod');
  });

  it('posts to the API itself, not to the custom domain the client connected through', () => {
    expect(managementEndpoint(onAwsConfig, behindCustomDomain)).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com/prod');
  });

  it('uses the China partition’s domain in a China region', () => {
    expect(managementEndpoint({ ...onAwsConfig, region: 'cn-north-1' }, onAws)).toBe('https://abc123.execute-api.cn-north-1.amazonaws.com.cn/prod');
  });

  it("uses offline's port under serverless offline, whose request context (localhost, stage local) is not an endpoint", () => {
    expect(managementEndpoint({ ...onAwsConfig, isOffline: true }, { domainName: 'localhost', stage: 'local', apiId: 'private' })).toBe('http://localhost:3001');
  });

  it('prefers WEBSOCKET_API_ENDPOINT over both', () => {
    expect(managementEndpoint({ ...onAwsConfig, websocketApiEndpoint: 'https://play.example.com', isOffline: true }, onAws)).toBe('https://play.example.com');
    expect(managementEndpoint({ ...onAwsConfig, websocketApiEndpoint: 'https://play.example.com' }, behindCustomDomain)).toBe('https://play.example.com');
  });

  it('refuses to guess when the request context has no API id or stage', () => {
    expect(() => managementEndpoint(onAwsConfig, {})).toThrow('apiId/stage');
    expect(() => managementEndpoint(onAwsConfig, { domainName: 'play.example.com', stage: 'prod' })).toThrow('apiId/stage');
  });
});

describe('gatewayClientFor', () => {
  it('creates one client per endpoint and reuses it (once per container)', () => {
    const first = gatewayClientFor(clientConfig, 'https://a.example/prod');

    expect(gatewayClientFor(clientConfig, 'https://a.example/prod')).toBe(first);
    expect(gatewayClientFor(clientConfig, 'https://b.example/prod')).not.toBe(first);
  });
});
