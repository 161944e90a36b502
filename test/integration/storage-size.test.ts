import { GetItemCommand, QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClient } from '../../scripts/local/dynamodb';
import { Limits } from '../../src/protocol';
import { startTestDynamo, type TestDynamo } from '../support/dynamo';
import { dynamoArena } from '../support/dynamo-arena';
import { itemSize } from '../support/dynamo-item-size';
import { validate } from '../../src/inbound';

/**
 * A room's storage does not grow with its history: 10,000 events played into
 * one room through the real handlers leave its own item at the size it had
 * after the first few, each event an item of its own of bounded size; and the
 * largest a room or an event can be still fits DynamoDB's 400 KB item limit.
 */
let db: TestDynamo;
let raw: ReturnType<typeof localClient>;
beforeAll(async () => {
  db = await startTestDynamo();
  raw = localClient(db.endpoint);
});
afterAll(async () => {
  raw.destroy();
  await db.close();
});

const MAX_ITEM = 400 * 1024;
const DRAWN_GAME = '231220400060316366502612332554644541451513'.split('').map(Number);

const stateItemSize = async (room: string): Promise<number> => {
  const { Item } = await raw.send(new GetItemCommand({ TableName: db.tableName, Key: { pk: { S: `ROOM#${room}` }, sk: { S: 'STATE' } }, ConsistentRead: true }));
  return itemSize(Item as unknown as Record<string, Record<string, unknown>>);
};

const eventItemSizes = async (room: string): Promise<number[]> => {
  const sizes: number[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await raw.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':pk': { S: `ROOM#${room}` }, ':e': { S: 'EVENT#' } },
        ...(start === undefined ? {} : { ExclusiveStartKey: start }),
      }),
    );
    for (const item of page.Items ?? []) sizes.push(itemSize(item as unknown as Record<string, Record<string, unknown>>));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return sizes;
};

describe('room storage that does not grow with its history', () => {
  it('keeps the room item within one write unit over 10,000 events, each chat line an item of its own', async () => {
    const arena = dynamoArena(db);
    const room = 'ten-thousand';
    for (const id of ['a', 'b', 's']) await arena.connect(`tt-${id}`);
    await arena.send('tt-a', { action: 'join', room, name: 'Ada Lovelace' });
    await arena.send('tt-b', { action: 'join', room, name: 'Bob' });
    await arena.send('tt-s', { action: 'join', room, name: 'Sam' });
    const sizes: number[] = [];
    let seq = (await db.rooms.get(room))!.seq;
    let first: 'tt-a' | 'tt-b' = 'tt-a';
    while (seq < 10_000) {
      // A whole game (42 moves to a draw), nine lines of chat around each move, then a rematch.
      for (const [turn, column] of DRAWN_GAME.entries()) {
        const mover = (turn % 2 === 0) === (first === 'tt-a') ? 'tt-a' : 'tt-b';
        await Promise.all([
          arena.send(mover, { action: 'move', room, column, id: `m${seq}-${turn}` }),
          ...['tt-a', 'tt-b', 'tt-s', 'tt-a', 'tt-b', 'tt-s', 'tt-a', 'tt-b', 'tt-s'].map(async (id, n) => await arena.send(id, { action: 'chat', room, text: `line ${seq}-${turn}-${n} from ${id}` })),
        ]);
      }
      await arena.send('tt-a', { action: 'rematch', room });
      await arena.send('tt-b', { action: 'rematch', room });
      first = first === 'tt-a' ? 'tt-b' : 'tt-a';
      seq = (await db.rooms.get(room))!.seq;
      sizes.push(await stateItemSize(room));
    }

    const record = (await db.rooms.get(room))!;
    expect(record.seq).toBeGreaterThanOrEqual(10_000);
    expect(record.round).toBeGreaterThan(20);
    const errors = ['tt-a', 'tt-b', 'tt-s'].flatMap((id) => arena.gateway.received(id).filter((m) => (m as { type: string }).type === 'error'));
    expect(errors).toEqual([]);
    // The room's own item (its state and its last game events) stays within one write unit, game after game.
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1024);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThan(128);
    // Every chat line an item of its own of a few hundred bytes; the game's events live in the room's item.
    const events = await eventItemSizes(room);
    const gameEvents = record.seq - events.length;
    expect(events.length).toBeGreaterThan(8000);
    expect(gameEvents).toBeGreaterThan(900);
    expect(Math.max(...events)).toBeLessThan(1024);
    console.log(`10,000 events (${gameEvents} of the game, ${events.length} chat lines): room item ${Math.min(...sizes)}-${Math.max(...sizes)} B over ${sizes.length} games; chat items ${Math.min(...events)}-${Math.max(...events)} B`);
  }, 600_000);
});

describe('a listed room', () => {
  it('stays within one write unit with the lobby index attributes beside its body', async () => {
    const arena = dynamoArena(db);
    for (const id of ['pa', 'pb']) await arena.connect(`listed-${id}`);
    await arena.send('listed-pa', { action: 'create', game: 'connect4', name: 'Ada Lovelace of London', visibility: 'public', clock: { turnSeconds: 600 } });
    const room = arena.gateway.received<{ room: string }>('listed-pa').at(-1)!.room;
    await arena.send('listed-pb', { action: 'join', room, name: 'Bob of the Long Name' });
    const sizes: number[] = [];
    for (const [turn, column] of DRAWN_GAME.slice(0, 30).entries()) {
      await arena.send(turn % 2 === 0 ? 'listed-pa' : 'listed-pb', { action: 'move', room, column, id: `move-request-${turn}` });
      sizes.push(await stateItemSize(room));
    }

    expect((await db.rooms.get(room))?.window.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1024);
  });
});

describe('the largest a room and an event can be', () => {
  /** The longest name and chat line the schemas accept, of the characters that take the most bytes. */
  const worstName = (validate('join', { action: 'join', room: 'r', name: `A${'😀'.repeat(Limits.maxNameLength - 1)}` }) as { name: string }).name;
  // Varied four-byte characters, so that deflating the stored line gains little: the largest a chat item gets.
  const varied = Array.from({ length: Limits.maxChatLength }, (_, i) => String.fromCodePoint(0x1f300 + ((i * 7919) % 0x2ff))).join('');
  const worstText = (validate('chat', { action: 'chat', room: 'r', text: varied }) as { text: string }).text;

  it('fits a maximum-length chat line, and a Battleship room at its largest with the events it keeps', async () => {
    const arena = dynamoArena(db);
    for (const id of ['a', 'b']) await arena.connect(`big-${id}`);
    await arena.send('big-a', { action: 'create', game: 'battleship', name: worstName, clock: { turnSeconds: 604_800 } });
    const created = arena.gateway.received<{ room: string }>('big-a').at(-1)!.room;
    await arena.send('big-b', { action: 'join', room: created, name: worstName });
    const fleet = [5, 4, 3, 3, 2].map((length, row) => ({ row, column: 0, length, direction: 'across' }));
    await arena.send('big-a', { action: 'move', room: created, kind: 'place', ships: fleet, id: 'x'.repeat(Limits.maxRequestIdLength) });
    await arena.send('big-b', { action: 'move', room: created, kind: 'place', ships: fleet, id: 'y'.repeat(Limits.maxRequestIdLength) });
    // The most shots a game can hold: each seat shoots every cell but one of the other's fleet (99 each), so
    // nobody has won; then seat 0's hundredth shot sinks the last ship.
    const cells = Array.from({ length: 100 }, (_, i) => [Math.floor(i / 10), i % 10] as const);
    const last = [4, 1] as const; // a cell of the destroyer, in both fleets
    const allBut = cells.filter(([r, c]) => r !== last[0] || c !== last[1]);
    for (const [index, [row, column]] of allBut.entries()) {
      await arena.send('big-a', { action: 'move', room: created, kind: 'shoot', row, column, id: `${'a'.repeat(60)}${index}`.slice(-64) });
      await arena.send('big-b', { action: 'move', room: created, kind: 'shoot', row, column, id: `${'b'.repeat(60)}${index}`.slice(-64) });
    }
    const before = (await db.rooms.get(created))?.state as { shots: unknown[][] };
    expect(before.shots.map((shots) => shots.length)).toEqual([99, 99]);
    const fullRoomBytes = await stateItemSize(created);
    await arena.send('big-a', { action: 'move', room: created, kind: 'shoot', row: last[0], column: last[1], id: 'w'.repeat(Limits.maxRequestIdLength) });
    expect((await db.rooms.get(created))?.status).toBe('won');
    await arena.send('big-a', { action: 'chat', room: created, text: worstText, id: 'z'.repeat(Limits.maxRequestIdLength) });

    const roomBytes = Math.max(fullRoomBytes, await stateItemSize(created));
    const eventBytes = Math.max(...(await eventItemSizes(created)));
    expect([...worstText]).toHaveLength(Limits.maxChatLength);
    expect(roomBytes).toBeLessThan(MAX_ITEM);
    expect(eventBytes).toBeGreaterThan(1024);
    expect(eventBytes).toBeLessThan(MAX_ITEM);
    console.log(`largest: a full Battleship room ${roomBytes} B (its last game events inside), a 500-character chat line ${eventBytes} B (limit ${MAX_ITEM})`);
  }, 120_000);
});
