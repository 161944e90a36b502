import { ApiGatewayManagementApiClient, GetConnectionCommand, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createGatewayClient } from '../../src/adapters/gateway/client';
import { FastGatewayClient } from '../../src/adapters/gateway/fast-client';
import { broadcast } from '../../src/broadcast';

/**
 * The project's client takes a lean path for PostToConnection; test doubles
 * must not notice. aws-sdk-client-mock stubs `send` on the class prototype (or
 * on an instance), and every call has to reach the stub, as with a plain client.
 */
const config = { region: 'us-east-1', localCredentials: { accessKeyId: 'x', secretAccessKey: 'x' }, broadcastConcurrency: undefined };
// Nothing listens there: a send that escaped the mock would fail the test.
const nowhere = 'http://127.0.0.1:9';

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

describe('the lean client under aws-sdk-client-mock', () => {
  it('lets a class mock see every PostToConnection of a broadcast', async () => {
    const mock = mockClient(ApiGatewayManagementApiClient);
    restore = () => mock.restore();
    mock.on(PostToConnectionCommand).resolves({}).on(PostToConnectionCommand, { ConnectionId: 'b' }).rejects(new GoneException({ message: 'Gone', $metadata: { httpStatusCode: 410 } }));
    const gateway = createGatewayClient(config, nowhere);

    const report = await broadcast(gateway, ['a', 'b', 'c'], { type: 'chat', text: 'hi' });

    expect(gateway).toBeInstanceOf(FastGatewayClient);
    expect(report).toEqual({ delivered: ['a', 'c'], gone: ['b'], failed: [] });
    expect(mock.commandCalls(PostToConnectionCommand).map((call) => call.args[0].input.ConnectionId)).toEqual(['a', 'b', 'c']);
    expect(Buffer.from(mock.commandCalls(PostToConnectionCommand)[0]?.args[0].input.Data as Uint8Array).toString()).toBe('{"type":"chat","text":"hi"}');
  });

  it('lets an instance mock see every call', async () => {
    const gateway = createGatewayClient(config, nowhere);
    const mock = mockClient(gateway);
    restore = () => mock.restore();
    mock.on(PostToConnectionCommand).resolves({});

    const report = await broadcast(gateway, ['a', 'b'], { n: 1 });

    expect(report.delivered).toEqual(['a', 'b']);
    expect(mock.commandCalls(PostToConnectionCommand)).toHaveLength(2);
  });

  it('sees a stub installed after the client was created', async () => {
    const gateway = createGatewayClient(config, nowhere);
    await expect(gateway.send(new PostToConnectionCommand({ ConnectionId: 'a', Data: Buffer.from('{}') }))).rejects.toThrow();
    const mock = mockClient(ApiGatewayManagementApiClient);
    restore = () => mock.restore();
    mock.on(PostToConnectionCommand).resolves({});

    await gateway.send(new PostToConnectionCommand({ ConnectionId: 'b', Data: Buffer.from('{}') }));

    expect(mock.commandCalls(PostToConnectionCommand).map((call) => call.args[0].input.ConnectionId)).toEqual(['b']);
  });

  it('passes other commands to the mock too', async () => {
    const mock = mockClient(ApiGatewayManagementApiClient);
    restore = () => mock.restore();
    mock.on(GetConnectionCommand).resolves({ Identity: { SourceIp: '127.0.0.1', UserAgent: 'test' } });
    const gateway = createGatewayClient(config, nowhere);

    const connection = await gateway.send(new GetConnectionCommand({ ConnectionId: 'a' }));

    expect(connection.Identity?.SourceIp).toBe('127.0.0.1');
  });
});
