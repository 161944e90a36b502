import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RoomMember } from '../../ports/members';
import type { GameWrite, RoomCounters, RoomStore } from '../../ports/rooms';
import { lobbyListing } from '../../rooms/lobby';
import type { RoomRecord } from '../../rooms/record';
import { lobbyKeys } from './lobby';
import { pack, unpack } from './packed-json';
import { MEMBER_PREFIX, STATE_SK, expiresAt, isConditionFailure, roomKey } from './keys';

/** The counters live in attributes of their own; everything else is one deflated JSON body (smaller than nested maps, and read whole anyway). */
type Counters = Pick<RoomRecord, 'seq' | 'version' | 'epoch' | 'members' | 'spectators'>;
type Body = Omit<RoomRecord, keyof Counters | 'room'>;

interface RoomItem extends Counters {
  pk: string;
  sk: string;
  /** The body, deflated JSON (see `packed-json.ts`). */
  z: Uint8Array;
  /**
   * The first seq of each game write whose events the body keeps, by the
   * version it produced. Set by the write itself from the counter
   * (`seq + 1` before its own increment), because a chat line may take a
   * number between the read and the write: the body cannot know it in advance.
   */
  vs?: Record<string, number>;
}

/**
 * Room items are billed per started kilobyte, every write and every chat
 * line's increment alike: the body keeps as many recent game events as fit
 * within one kilobyte beside everything else the item holds (the newest
 * write's events always, whatever their size).
 */
export const ITEM_BUDGET_BYTES = 1000;

/** DynamoDB's size of an attribute: its name's bytes, plus a string's bytes or about half a byte per digit of a number. */
const attributeBytes = (name: string, value: string | number): number =>
  Buffer.byteLength(name) + (typeof value === 'string' ? Buffer.byteLength(value) : Math.ceil(String(value).length / 2) + 1);

/**
 * What the item holds besides its body, from the record: keys, counters (as
 * large as they will be after a thousand more events), `vs` and the lobby's
 * attributes.
 */
const overheadBytes = (record: RoomRecord, versions: number): number => {
  const { pk, sk } = roomKey(record.room);
  const listing = lobbyListing(record);
  const lobby = listing === undefined ? 0 : attributeBytes('lobbyPk', `LOBBY#${record.game}#${listing.status}`) + attributeBytes('lobbySk', `${'0'.repeat(15)}#${record.room}`) + attributeBytes('lobby', JSON.stringify(listing));
  const counters = (['seq', 'version', 'epoch', 'members', 'spectators'] as const).reduce((sum, name) => sum + attributeBytes(name, record[name] + 1000), 0);
  // vs: a map of up to `versions` entries, each a version (as its key) and a seq.
  const vs = 3 + 2 + versions * (1 + attributeBytes(String(record.version + 1000), record.seq + 1000));
  return attributeBytes('pk', pk) + attributeBytes('sk', sk) + counters + attributeBytes('expiresAt', 10 ** 10) + vs + lobby + 1;
};

const bodyWithout = (record: RoomRecord): Body => {
  const { room: _room, seq: _seq, version: _version, epoch: _epoch, members: _members, spectators: _spectators, ...body } = record;
  // Seqs are the item's business (`vs`): the body keeps each game event's version and place in its write.
  return { ...body, window: body.window.map(({ seq: _eventSeq, ...event }) => ({ ...event, seq: 0 })) };
};

/** The body deflated, dropping the oldest kept events while the item would be over budget (never those of the newest write). */
const packBody = (record: RoomRecord): { bytes: Uint8Array; kept: RoomRecord['window'] } => {
  const body = bodyWithout(record);
  const newest = body.window.at(-1)?.v;
  const budget = ITEM_BUDGET_BYTES - overheadBytes(record, new Set([...body.window.map((event) => event.v), ...body.applied.map((entry) => entry.version)]).size);
  let window = body.window;
  let bytes = pack({ ...body, window });
  while (bytes.byteLength > budget && window.length > 0 && window[0]?.v !== newest) {
    window = window.slice(1);
    bytes = pack({ ...body, window });
  }
  return { bytes, kept: window };
};

const recordOf = (room: string, item: RoomItem): RoomRecord => {
  const body = unpack<Body>(item.z);
  return {
    room,
    ...body,
    window: (body.window ?? []).map((event) => ({ ...event, seq: (item.vs?.[String(event.v)] ?? 0) + (event.o ?? 0) })),
    applied: (body.applied ?? []).map((entry) => {
      const first = item.vs?.[String(entry.version)];
      return first === undefined ? entry : { ...entry, seq: first };
    }),
    seq: item.seq,
    version: item.version,
    epoch: item.epoch,
    members: item.members,
    spectators: item.spectators,
  };
};

/**
 * The lobby index entry of a room: set while the room is listed, removed when
 * it drops out. Written only when it changes, so a move (which changes nothing
 * the lobby shows) costs no index write.
 */
const lobbyChange = (record: RoomRecord, previous: RoomRecord | undefined): { set?: Record<string, string>; remove?: true } | undefined => {
  const listing = lobbyListing(record);
  const before = previous === undefined ? undefined : lobbyListing(previous);
  if (previous !== undefined && JSON.stringify(listing) === JSON.stringify(before)) return undefined;
  if (listing === undefined) return previous === undefined ? undefined : { remove: true };
  return { set: { ...lobbyKeys(record.game, listing.status, record.createdAt, record.room), lobby: JSON.stringify(listing) } };
};

const countersOf = (item: Record<string, unknown>): RoomCounters => ({
  seq: item.seq as number,
  version: item.version as number,
  epoch: item.epoch as number,
  members: item.members as number,
  spectators: item.spectators as number,
});

/**
 * A room is one small item. Its counters change in place: a chat line takes
 * a seq with an atomic `ADD` (no read, never refused by a move), a spectator
 * moves the member counts with another `ADD`, and only a game write is
 * conditional, on `version`. So a move races only moves, and a crowd of
 * spectators or chatters never makes anyone retry.
 */
export class DynamoRoomStore implements RoomStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly ttlSeconds: number,
    /** Items per Query page; DynamoDB's 1 MB page applies when unset. Tests set it to force many pages. */
    private readonly pageSize?: number,
  ) {}

  async get(room: string): Promise<RoomRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: roomKey(room), ConsistentRead: true }));
    return Item === undefined ? undefined : recordOf(room, Item as RoomItem);
  }

  /** One Query over `MEMBER#...` to `STATE`: the members and the room, consistent, in as few pages as they fit. */
  async getWithMembers(room: string): Promise<{ record: RoomRecord | undefined; members: RoomMember[] }> {
    const members: RoomMember[] = [];
    let record: RoomRecord | undefined;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
          ExpressionAttributeValues: { ':pk': roomKey(room).pk, ':first': MEMBER_PREFIX, ':last': STATE_SK },
          ConsistentRead: true,
          ...(this.pageSize === undefined ? {} : { Limit: this.pageSize }),
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      );
      for (const item of page.Items ?? []) {
        const sk = item.sk as string;
        if (sk === STATE_SK) record = recordOf(room, item as RoomItem);
        else if (sk.startsWith(MEMBER_PREFIX)) members.push({ connectionId: sk.slice(MEMBER_PREFIX.length), watching: item.watching === true });
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return { record, members };
  }

  async write(record: RoomRecord, expectedVersion: number | undefined, options: GameWrite): Promise<RoomCounters | undefined> {
    const expires = expiresAt(record.updatedAt, this.ttlSeconds);
    const delta = options.members?.delta ?? 0;
    const spectators = options.members?.spectators ?? 0;
    const cap = options.maxMembers !== undefined && delta > 0 ? options.maxMembers - delta : undefined;
    const lobby = lobbyChange(record, expectedVersion === undefined ? undefined : options.previous);
    const lobbySets = Object.keys(lobby?.set ?? {});
    const { bytes: body, kept } = packBody(record);
    const version = (expectedVersion ?? 0) + 1;
    // `vs` keeps the first seq of every write the body still names: its kept events, and the requests it remembers.
    const named = (current: RoomRecord | undefined) => new Set([...(current?.window ?? []).map((event) => String(event.v)), ...(current?.applied ?? []).map((entry) => String(entry.version))]);
    const stillNamed = new Set([...kept.map((event) => String(event.v)), ...record.applied.map((entry) => String(entry.version)), String(version)]);
    const dropped = [...named(options.previous)].filter((v) => !stillNamed.has(v));
    try {
      if (expectedVersion === undefined) {
        const item = {
          ...roomKey(record.room),
          seq: options.events,
          version: 1,
          epoch: options.members === undefined ? 0 : 1,
          members: Math.max(0, delta),
          spectators: Math.max(0, spectators),
          z: body,
          vs: options.events > 0 ? { '1': 1 } : {},
          expiresAt: expires,
          ...lobby?.set,
        };
        await this.client.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
        return countersOf(item);
      }
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: roomKey(record.room),
          UpdateExpression: [
            // Update expressions read the item as it was before: `seq + :one` is the first number this write takes.
            `SET z = :body, expiresAt = :expires${options.events > 0 ? ', vs.#version = seq + :one' : ''}${lobbySets.map((name) => `, ${name} = :${name}`).join('')}`,
            `ADD version :one, seq :events${options.members === undefined ? '' : ', epoch :one, members :delta, spectators :spectators'}`,
            ...(lobby?.remove === true || dropped.length > 0
              ? [`REMOVE ${[...(lobby?.remove === true ? ['lobbyPk', 'lobbySk', 'lobby'] : []), ...dropped.map((_, i) => `vs.#dropped${i}`)].join(', ')}`]
              : []),
          ].join(' '),
          ConditionExpression: `version = :expected${cap === undefined ? '' : ' AND members <= :cap'}`,
          ...(options.events > 0 || dropped.length > 0
            ? {
                ExpressionAttributeNames: {
                  ...(options.events > 0 ? { '#version': String(version) } : {}),
                  ...Object.fromEntries(dropped.map((v, i) => [`#dropped${i}`, v])),
                },
              }
            : {}),
          ExpressionAttributeValues: {
            ...Object.fromEntries(Object.entries(lobby?.set ?? {}).map(([name, value]) => [`:${name}`, value])),
            ':body': body,
            ':expires': expires,
            ':one': 1,
            ':events': options.events,
            ':expected': expectedVersion,
            ...(options.members === undefined ? {} : { ':delta': delta, ':spectators': spectators }),
            ...(cap === undefined ? {} : { ':cap': cap }),
          },
          // Returned values cost no capacity: the counters after the write, whoever else moved them.
          ReturnValues: 'ALL_NEW',
        }),
      );
      return countersOf(Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async allocate(room: string, count: number): Promise<RoomRecord | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: roomKey(room),
          UpdateExpression: 'ADD seq :count',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':count': count },
          // The whole room comes back at no extra capacity: the caller checks the clock's deadline on it.
          ReturnValues: 'ALL_NEW',
        }),
      );
      return recordOf(room, Attributes as RoomItem);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async watch(room: string, delta: number, maxMembers: number): Promise<RoomRecord | 'missing' | 'full'> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: roomKey(room),
          UpdateExpression: 'ADD members :delta, spectators :delta, epoch :one',
          ConditionExpression: delta > 0 ? 'attribute_exists(pk) AND members <= :max' : 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':delta': delta, ':one': 1, ...(delta > 0 ? { ':max': maxMembers - delta } : {}) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return recordOf(room, Attributes as RoomItem);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Refused: tell a missing room from a full one (a read on the refusal path only).
      return (await this.get(room)) === undefined ? 'missing' : 'full';
    }
  }
}
