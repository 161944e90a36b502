import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { RoomEvent, ServerMessage, WelcomeReply } from '../../src/protocol';
import { WsPlayer } from '../../scripts/local/ws-player';
import { unpack } from '../../src/adapters/dynamodb/packed-json';
import type { RoomRecord } from '../../src/rooms/record';

/**
 * Through `serverless offline` and the embedded DynamoDB, with real sockets:
 * the clock that ends a game with nobody to tick it, quick play, and what
 * concurrency and crowds used to break (one socket squatting many seats,
 * members missing events under churn, a mass close leaving debris, and a
 * crowd costing a message to everyone per arrival).
 */
const url = inject('websocketUrl');
const table = inject('tableName');
const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' } }));
const players: WsPlayer[] = [];
afterAll(async () => {
  await Promise.all(players.map(async (p) => await p.close()));
  dynamo.destroy();
});

const connect = async (name: string) => {
  const player = await WsPlayer.connect(url, name);
  players.push(player);
  return player;
};
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Every item of the table with this key prefix (a test may scan; the server never does). */
const items = async (prefix: string) => {
  const found: Record<string, unknown>[] = [];
  for await (const page of paginateScan({ client: dynamo }, { TableName: table })) found.push(...(page.Items ?? []).filter((item) => String(item.pk).startsWith(prefix)));
  return found;
};

describe('clocks and quick play through serverless offline', () => {
  it('ends a game whose 2-second turn runs out, with nobody but the clock to end it', async () => {
    const [ada, bob] = [await connect('Ada'), await connect('Bob')];
    const created = await ada.request<WelcomeReply>({ action: 'create', game: 'connect4', name: 'Ada', clock: { turnSeconds: 2 }, visibility: 'private' });
    expect(created.type).toBe('welcome');
    const started = await bob.join(created.room);
    expect(started.state).toMatchObject({ status: 'playing', toMove: [0], clock: { turnSeconds: 2 } });
    expect(started.state.deadline).toBeGreaterThan(Date.now());

    for (const player of [ada, bob]) {
      const ended = await player.waitFor((m) => m.type === 'ended', 8000, 'the timeout');
      expect(ended).toMatchObject({ room: created.room, reason: 'timeout', seats: [0], state: { status: 'won', winner: 1, reason: 'timeout' } });
    }
  });

  it('pairs two players who ask for quick play into one public room', async () => {
    const [cat, dan] = [await connect('Cat'), await connect('Dan')];

    const [first, second] = await Promise.all([
      cat.request<WelcomeReply>({ action: 'quickplay', game: 'battleship', name: 'Cat' }),
      dan.request<WelcomeReply>({ action: 'quickplay', game: 'battleship', name: 'Dan' }),
    ]);

    expect(first.room).toBe(second.room);
    expect([first.you.seat, second.you.seat].sort()).toEqual([0, 1]);
    const watcher = await connect('Wes');
    const listing = await watcher.request<ServerMessage>({ action: 'rooms', game: 'battleship', status: 'playing' });
    expect(listing).toMatchObject({ type: 'rooms', rooms: expect.arrayContaining([expect.objectContaining({ room: first.room })]) });
  });
});

describe('integrity under concurrency through serverless offline', () => {
  it('lets one socket that sends ten joins at once into one room only', async () => {
    const squatter = await connect('Sly');
    const ids = Array.from({ length: 10 }, (_, i) => `squat-${i}`);

    ids.forEach((id, i) => squatter.send({ action: 'join', room: `e2e-squat-${i}`, name: 'Sly', id }));
    const replies = await Promise.all(ids.map(async (id) => await squatter.waitFor((m) => 're' in m && m.re === id)));

    // Joins that overlap are refused; one that runs after another completed moves the socket on (leaving the
    // first room). Either way the socket ends in one room, holding at most one seat.
    expect(replies.filter((m) => m.type === 'welcome').length).toBeGreaterThanOrEqual(1);
    expect(replies.filter((m) => m.type !== 'welcome').map((m) => (m as { code?: string }).code)).toEqual(replies.filter((m) => m.type !== 'welcome').map(() => 'CONFLICT'));
    const rooms = await items('ROOM#e2e-squat-');
    expect(rooms.filter((item) => String(item.sk).startsWith('MEMBER#'))).toHaveLength(1);
    const seated = rooms.filter((item) => item.sk === 'STATE' && unpack<RoomRecord>(item.z as Uint8Array).seats.some((holder) => holder !== null && holder.connectionId !== null));
    expect(seated.length).toBeLessThanOrEqual(1);
  });

  it('delivers every event after its welcome to a member who joined while others churned', async () => {
    const room = 'e2e-churn';
    const [ada, bob] = [await connect('Ada'), await connect('Bob')];
    await ada.join(room);
    await bob.join(room);
    const churners = await Promise.all(Array.from({ length: 12 }, async (_, i) => await connect(`C${i}`)));
    const moves = [2, 3, 1, 2, 2, 0, 4, 0, 0, 6];

    const play = (async () => {
      for (const [turn, column] of moves.entries()) {
        const [mover, other] = turn % 2 === 0 ? [ada, bob] : [bob, ada];
        await Promise.all([mover.request({ action: 'move', room, column }), other.request({ action: 'chat', room, text: `line ${turn}` })]);
      }
    })();
    const churn = churners.map(async (player, i) => {
      for (let round = 0; round < 3; round++) {
        await pause((i * 5 + round * 11) % 40);
        await player.join(room);
        await player.request({ action: 'leave', room });
      }
      return await player.join(room);
    });
    const [, ...finals] = await Promise.all([play, ...churn]);
    const last = await ada.request<ServerMessage>({ action: 'chat', room, text: 'the end' });
    const final = (last as RoomEvent).seq;

    for (const [i, player] of churners.entries()) {
      const welcome = finals[i] as WelcomeReply;
      await player.waitFor((m) => 'seq' in m && m.type === 'chat' && m.seq === final, 5000, 'the last line');
      const seen = new Set(player.events(room).map((event) => event.seq));
      const missed = Array.from({ length: final - welcome.seq }, (_, k) => welcome.seq + 1 + k).filter((seq) => !seen.has(seq));
      expect(missed, `${player.name} after its welcome at ${welcome.seq}`).toEqual([]);
    }
  });

  it('costs one message per spectator arriving, and leaves nothing behind when they all close at once', async () => {
    const room = 'e2e-crowd';
    const [ada, bob] = [await connect('Ada'), await connect('Bob')];
    await ada.join(room);
    await bob.join(room);
    const adaBefore = ada.inbox.length;
    const crowd: WsPlayer[] = [];
    for (let i = 0; i < 300; i += 50) crowd.push(...(await Promise.all(Array.from({ length: 50 }, async (_, k) => await WsPlayer.connect(url, `F${i + k}`)))));
    const started = performance.now();
    for (let i = 0; i < crowd.length; i += 50) await Promise.all(crowd.slice(i, i + 50).map(async (fan) => await fan.join(room)));
    const joinMs = performance.now() - started;

    // Nobody was told anyone arrived: each arrival cost its own welcome, nothing else.
    expect(ada.inbox.length).toBe(adaBefore);
    expect(crowd.reduce((sum, fan) => sum + fan.inbox.length, 0)).toBe(300);
    const chat = await ada.request<ServerMessage>({ action: 'chat', room, text: 'hello, crowd' });
    expect(chat).toMatchObject({ type: 'chat', spectators: 300 });
    console.log(`e2e crowd: 300 spectators joined in ${Math.round(joinMs)} ms`);

    await Promise.all(crowd.map(async (fan) => await fan.close()));
    // $disconnect runs after the close: wait for the room to settle.
    let record: Record<string, unknown> | undefined;
    for (let tries = 0; tries < 100; tries++) {
      record = (await items(`ROOM#${room}`)).find((item) => item.sk === 'STATE');
      if (record?.spectators === 0) break;
      await pause(100);
    }
    expect(record).toMatchObject({ spectators: 0, members: 2 });
    expect((await items(`ROOM#${room}`)).filter((item) => String(item.sk).startsWith('MEMBER#'))).toHaveLength(2);
    const open = new Set((await items('CONN#')).map((item) => item.pk));
    expect(open.size).toBeLessThan(300);
  }, 120_000);
});
