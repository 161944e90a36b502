import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDocumentClient } from '../../src/adapters/dynamodb/client';
import { DynamoConnectionStore } from '../../src/adapters/dynamodb/connections';
import { DynamoMemberStore } from '../../src/adapters/dynamodb/members';
import { connectionKey, memberKey } from '../../src/adapters/dynamodb/keys';
import { WsPlayer } from '../../scripts/local/ws-player';

const url = inject('websocketUrl');
const tableName = inject('tableName');
const client = createDocumentClient({ region: 'us-east-1', dynamodbEndpoint: inject('dynamoEndpoint'), localCredentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
const members = new DynamoMemberStore(client, tableName, 3600);
const connections = new DynamoConnectionStore(client, tableName, 3600);
const players: WsPlayer[] = [];

afterAll(async () => {
  await Promise.all(players.map(async (p) => await p.close()));
  client.destroy();
});

const connect = async (name: string) => {
  const player = await WsPlayer.connect(url, name);
  players.push(player);
  return player;
};

describe('through serverless offline', () => {
  it('delivers one client’s message to everyone in its room, and nobody outside it', async () => {
    const [ada, bob, cy, outsider] = await Promise.all(['Ada', 'Bob', 'Cy', 'Out'].map(connect));
    await ada!.join('bcast');
    await bob!.join('bcast');
    await cy!.join('bcast');
    await outsider!.join('elsewhere');

    const echo = await ada!.request({ action: 'chat', room: 'bcast', text: 'hello room' });

    expect(echo).toMatchObject({ type: 'chat', text: 'hello room', name: 'Ada' });
    for (const player of [bob!, cy!]) {
      expect(await player.waitFor((m) => m.type === 'chat')).toMatchObject({ room: 'bcast', text: 'hello room', seq: (echo as { seq: number }).seq });
    }
    await outsider!.request({ action: 'ping' });
    expect(outsider!.inbox.filter((m) => m.type === 'chat')).toEqual([]);
  });

  it('prunes a connection that vanished without $disconnect after the next broadcast', async () => {
    const [ada, bob] = await Promise.all(['Ada', 'Bob'].map(connect));
    await ada!.join('prune');
    await bob!.join('prune');
    // A member whose socket is long gone and whose $disconnect never ran (API Gateway's is best effort).
    await client.send(new PutCommand({ TableName: tableName, Item: { ...connectionKey('ghost-1'), connectionId: 'ghost-1', connectedAt: 1, room: 'prune' } }));
    await client.send(new PutCommand({ TableName: tableName, Item: memberKey('prune', 'ghost-1') }));
    expect(await members.list('prune')).toContain('ghost-1');

    await ada!.request({ action: 'chat', room: 'prune', text: 'anyone?' });

    // The reply reaches Ada while the same invocation is still pruning; it finishes before returning.
    await expect.poll(async () => await members.list('prune'), { timeout: 5000 }).not.toContain('ghost-1');
    expect(await connections.get('ghost-1')).toBeUndefined();
    expect((await members.list('prune')).length).toBe(2);
  });

  it('answers garbage with typed errors and keeps the connection usable', async () => {
    const ada = await connect('Ada');

    ada.send('this is not json');
    const notJson = await ada.waitFor((m) => m.type === 'error');
    const unknown = await ada.request({ action: 'fly' });
    const pong = await ada.request({ action: 'ping' });

    expect(notJson).toMatchObject({ type: 'error', code: 'BAD_REQUEST' });
    expect(unknown).toMatchObject({ type: 'error', code: 'UNKNOWN_ACTION' });
    expect(pong.type).toBe('pong');
  });
});
