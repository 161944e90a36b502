import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_FANOUT_THRESHOLD, getConfig, loadConfig } from '../../src/config';
import { ConfigError } from '../../src/errors';

afterEach(() => vi.unstubAllEnvs());

type Env = Record<string, string | undefined>;

/** What Lambda gives a deployed function: the table from serverless.yml, the region, real credentials. */
const DEPLOYED: Env = { TABLE_NAME: 'arena-prod', AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE' };

/** What `npm start` gives a handler under serverless offline: no region, no credentials. */
const OFFLINE: Env = { TABLE_NAME: 'arena-local', IS_OFFLINE: 'true', DYNAMODB_ENDPOINT: 'http://localhost:8000' };

/** Loads a configuration that must be refused, and returns the error. */
const configError = (env: Env): ConfigError => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  return expect.unreachable('the configuration was accepted');
};

const NUMBERS = ['RATE_LIMIT_BURST', 'RATE_LIMIT_PER_SECOND', 'CONNECTION_TTL_SECONDS', 'ROOM_TTL_SECONDS', 'FANOUT_THRESHOLD', 'BROADCAST_CONCURRENCY'];
const COUNTS = ['RATE_LIMIT_BURST', 'FANOUT_THRESHOLD', 'BROADCAST_CONCURRENCY'];
const URLS = ['DYNAMODB_ENDPOINT', 'WEBSOCKET_API_ENDPOINT', 'FANOUT_QUEUE_URL', 'PUBLIC_WEBSOCKET_URL'];

describe('loadConfig', () => {
  it('loads a deployed configuration with its defaults', () => {
    const config = loadConfig(DEPLOYED);

    expect(config).toEqual({
      tableName: 'arena-prod',
      region: 'eu-west-1',
      dynamodbEndpoint: undefined,
      websocketApiEndpoint: undefined,
      isOffline: false,
      localCredentials: undefined,
      broadcastConcurrency: undefined,
      rateLimit: { capacity: 20, refillPerSecond: 2 },
      // API Gateway's 2-hour connection limit plus a 15-minute margin.
      connectionTtlSeconds: 2 * 3600 + 15 * 60,
      roomTtlSeconds: 7 * 24 * 3600,
      eventTtlSeconds: 24 * 3600,
      joinsPerMinute: 10,
      maxRoomMembers: 10_000,
      maxConnectionsPerAddress: 100,
      reconnectSeconds: 60,
      authSecret: undefined,
      fanoutThreshold: DEFAULT_FANOUT_THRESHOLD,
      fanoutQueueUrl: undefined,
      publicWebsocketUrl: undefined,
    });
  });

  it('reads every setting it is given', () => {
    const env: Env = {
      ...DEPLOYED,
      WEBSOCKET_API_ENDPOINT: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod',
      BROADCAST_CONCURRENCY: '64',
      RATE_LIMIT_BURST: '5',
      RATE_LIMIT_PER_SECOND: '0.5',
      CONNECTION_TTL_SECONDS: '3600',
      ROOM_TTL_SECONDS: '86400',
      EVENT_TTL_SECONDS: '3600',
      JOINS_PER_MINUTE: '4',
      MAX_ROOM_MEMBERS: '500',
      MAX_CONNECTIONS_PER_ADDRESS: '20',
      RECONNECT_SECONDS: '30',
      AUTH_SECRET: 's'.repeat(32),
      FANOUT_THRESHOLD: '500',
      FANOUT_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/fanout',
      PUBLIC_WEBSOCKET_URL: 'wss://abc123.execute-api.eu-west-1.amazonaws.com/prod',
    };

    const config = loadConfig(env);

    expect(config).toMatchObject({
      websocketApiEndpoint: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod',
      broadcastConcurrency: 64,
      rateLimit: { capacity: 5, refillPerSecond: 0.5 },
      connectionTtlSeconds: 3600,
      roomTtlSeconds: 86400,
      eventTtlSeconds: 3600,
      joinsPerMinute: 4,
      maxRoomMembers: 500,
      maxConnectionsPerAddress: 20,
      reconnectSeconds: 30,
      authSecret: 's'.repeat(32),
      fanoutThreshold: 500,
      fanoutQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/fanout',
      publicWebsocketUrl: 'wss://abc123.execute-api.eu-west-1.amazonaws.com/prod',
    });
  });

  describe('TABLE_NAME', () => {
    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['only spaces', '   '],
    ])('fails fast with a ConfigError naming TABLE_NAME when it is %s', (_label, value) => {
      const error = configError({ ...DEPLOYED, TABLE_NAME: value });

      expect(error.name).toBe('ConfigError');
      expect(error.message).toMatch(/^TABLE_NAME is not set/);
    });

    it('trims surrounding spaces', () => {
      expect(loadConfig({ ...DEPLOYED, TABLE_NAME: '  arena-prod \n' }).tableName).toBe('arena-prod');
    });
  });

  describe('region', () => {
    it('fails fast naming AWS_REGION when a deployed function has none', () => {
      const error = configError({ TABLE_NAME: 'arena-prod', AWS_REGION: '' });

      expect(error.message).toContain('AWS_REGION');
    });

    it('falls back to AWS_DEFAULT_REGION', () => {
      expect(loadConfig({ TABLE_NAME: 'arena-prod', AWS_DEFAULT_REGION: 'ap-south-1' }).region).toBe('ap-south-1');
    });

    it('prefers AWS_REGION to AWS_DEFAULT_REGION', () => {
      expect(loadConfig({ ...DEPLOYED, AWS_DEFAULT_REGION: 'ap-south-1' }).region).toBe('eu-west-1');
    });

    it('defaults to us-east-1 locally', () => {
      expect(loadConfig(OFFLINE).region).toBe('us-east-1');
      expect(loadConfig({ TABLE_NAME: 't', DYNAMODB_ENDPOINT: 'http://127.0.0.1:4567' }).region).toBe('us-east-1');
    });
  });

  describe('local defaults', () => {
    it('runs offline with the embedded DynamoDB and dummy credentials when none are set', () => {
      const config = loadConfig(OFFLINE);

      expect(config).toMatchObject({ isOffline: true, dynamodbEndpoint: 'http://localhost:8000' });
      expect(config.localCredentials).toEqual({ accessKeyId: 'local', secretAccessKey: 'local' });
    });

    it('treats a DynamoDB endpoint alone as local', () => {
      const config = loadConfig({ TABLE_NAME: 't', DYNAMODB_ENDPOINT: 'http://localhost:8000' });

      expect(config.isOffline).toBe(false);
      expect(config.localCredentials).toBeDefined();
    });

    it.each([
      ['AWS_ACCESS_KEY_ID', 'AKIAEXAMPLE'],
      ['AWS_PROFILE', 'dev'],
    ])('keeps the real credentials when %s is set locally', (name, value) => {
      expect(loadConfig({ ...OFFLINE, [name]: value }).localCredentials).toBeUndefined();
    });

    it('never invents credentials for a deployed function', () => {
      expect(loadConfig({ TABLE_NAME: 'arena-prod', AWS_REGION: 'eu-west-1' }).localCredentials).toBeUndefined();
    });

    it('treats empty credential variables as unset', () => {
      const config = loadConfig({ ...OFFLINE, AWS_ACCESS_KEY_ID: '', AWS_PROFILE: '  ' });

      expect(config.localCredentials).toEqual({ accessKeyId: 'local', secretAccessKey: 'local' });
    });
  });

  describe('numbers', () => {
    const cases = NUMBERS.flatMap((name) => ['abc', '0', '-5', 'Infinity', 'NaN', '12abc'].map((value) => [name, value] as const));

    it.each(cases)('fails fast naming %s when it is %j', (name, value) => {
      const error = configError({ ...DEPLOYED, [name]: value });

      expect(error.message).toContain(name);
      expect(error.message).toContain(JSON.stringify(value));
    });

    it.each(COUNTS)('refuses a fraction below 1 for the count %s instead of flooring it to 0', (name) => {
      const error = configError({ ...DEPLOYED, [name]: '0.5' });

      expect(error.message).toBe(`${name} must be a positive integer, got "0.5"`);
    });

    it('floors a fractional count', () => {
      const config = loadConfig({ ...DEPLOYED, BROADCAST_CONCURRENCY: '50.9', FANOUT_THRESHOLD: '10.2', RATE_LIMIT_BURST: '3.7' });

      expect(config).toMatchObject({ broadcastConcurrency: 50, fanoutThreshold: 10, rateLimit: { capacity: 3 } });
    });

    it('accepts a fractional rate and time to live', () => {
      const config = loadConfig({ ...DEPLOYED, RATE_LIMIT_PER_SECOND: '0.25', ROOM_TTL_SECONDS: '90.5' });

      expect(config).toMatchObject({ rateLimit: { refillPerSecond: 0.25 }, roomTtlSeconds: 90.5 });
    });

    it.each(NUMBERS)('treats an empty %s as unset', (name) => {
      const defaults = loadConfig(DEPLOYED);

      const config = loadConfig({ ...DEPLOYED, [name]: '' });

      expect(config).toEqual(defaults);
    });
  });

  describe('URLs', () => {
    const cases = URLS.flatMap((name) => ['not a url', 'localhost:8000', 'example.com', '//example.com', 'file:///etc/passwd'].map((value) => [name, value] as const));

    it.each(cases)('fails fast naming %s when it is %j', (name, value) => {
      const error = configError({ ...DEPLOYED, [name]: value });

      expect(error.message).toContain(name);
      expect(error.message).toContain(JSON.stringify(value));
    });

    it('drops a trailing slash so paths can be appended', () => {
      const config = loadConfig({ ...DEPLOYED, WEBSOCKET_API_ENDPOINT: 'http://localhost:3001/', DYNAMODB_ENDPOINT: 'http://localhost:8000/' });

      expect(config.websocketApiEndpoint).toBe('http://localhost:3001');
      expect(config.dynamodbEndpoint).toBe('http://localhost:8000');
    });

    it.each(URLS)('treats an empty %s as unset', (name) => {
      const config = loadConfig({ ...DEPLOYED, [name]: '' });

      expect(config).toEqual(loadConfig(DEPLOYED));
    });
  });

  describe('AUTH_SECRET', () => {
    it('fails fast naming AUTH_SECRET when it is shorter than 32 characters, without echoing it', () => {
      const secret = 'x'.repeat(31);

      const error = configError({ ...DEPLOYED, AUTH_SECRET: secret });

      expect(error.message).toContain('AUTH_SECRET');
      expect(error.message).not.toContain(secret);
    });

    it('accepts a secret of 32 characters', () => {
      expect(loadConfig({ ...DEPLOYED, AUTH_SECRET: 'k'.repeat(32) }).authSecret).toBe('k'.repeat(32));
    });

    it('leaves authentication off when it is empty', () => {
      expect(loadConfig({ ...DEPLOYED, AUTH_SECRET: '' }).authSecret).toBeUndefined();
    });
  });

  describe('IS_OFFLINE', () => {
    it('is off when empty', () => {
      expect(loadConfig({ ...DEPLOYED, IS_OFFLINE: '' }).isOffline).toBe(false);
    });
  });
});

describe('getConfig', () => {
  it('reads process.env once and keeps what it read', () => {
    const first = getConfig();
    vi.stubEnv('TABLE_NAME', 'changed-later');

    const second = getConfig();

    expect(first.tableName).toBe('arena-test');
    expect(second).toBe(first);
  });
});

describe('fan-out queue under serverless offline', () => {
  it('ignores FANOUT_QUEUE_URL (offline renders the queue reference as an object, and has no SQS)', () => {
    const config = loadConfig({ TABLE_NAME: 't', IS_OFFLINE: 'true', FANOUT_QUEUE_URL: '[object Object]' });

    expect(config.fanoutQueueUrl).toBeUndefined();
    expect(config.fanoutThreshold).toBe(DEFAULT_FANOUT_THRESHOLD);
  });
});
