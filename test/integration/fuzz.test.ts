import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Actions } from '../../src/protocol';
import type { RoomRecord } from '../../src/rooms/record';
import { startTestDynamo, type TestDynamo } from '../support/dynamo';
import { dynamoArena } from '../support/dynamo-arena';
import { outboundIssues } from '../../src/outbound-schemas';

/**
 * Arbitrary frames at every route of the real handlers over the embedded
 * DynamoDB. Whatever arrives: no crash, no unhandled rejection, every reply is
 * a protocol message, a refusal changes nothing, and the board changes only
 * through an accepted move by the seat whose turn it was.
 */
let db: TestDynamo;
let arena: ReturnType<typeof dynamoArena>;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const ROOM = 'fz';
const PLAYERS = ['fz-a', 'fz-b', 'fz-s'];

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  db = await startTestDynamo();
  arena = dynamoArena(db);
  for (const id of PLAYERS) await arena.connect(id);
  for (const [id, name] of [['fz-a', 'Ada'], ['fz-b', 'Bob'], ['fz-s', 'Sam']] as const) await arena.send(id, { action: 'join', room: ROOM, name });
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await db.close();
});

const routes = [...Object.values(Actions), '$default'] as const;

/** API Gateway's route selection: `$request.body.action` when it names a route, else $default. */
const routeOf = (body: string): string => {
  try {
    const action = (JSON.parse(body) as { action?: unknown } | null)?.action;
    return typeof action === 'string' && (Object.values(Actions) as string[]).includes(action) ? action : '$default';
  } catch {
    return '$default';
  }
};

const nearlyValid = fc.record(
  {
    action: fc.oneof(fc.constantFrom(...Object.values(Actions)), fc.string()),
    id: fc.oneof(fc.string({ maxLength: 70 }), fc.integer()),
    room: fc.oneof(fc.constant(ROOM), fc.constant('other'), fc.string({ maxLength: 70 }), fc.anything()),
    column: fc.oneof(fc.integer({ min: -2, max: 9 }), fc.double(), fc.string(), fc.anything()),
    text: fc.oneof(fc.string({ maxLength: 600 }), fc.string({ unit: 'binary', maxLength: 50 }), fc.anything()),
    name: fc.oneof(fc.string({ maxLength: 30 }), fc.anything()),
    since: fc.oneof(fc.integer({ min: -5, max: 500 }), fc.anything()),
    token: fc.oneof(fc.string(), fc.base64String(), fc.anything()),
    seat: fc.anything(),
    playerId: fc.string(),
  },
  { requiredKeys: ['action'] },
);

/** Well-formed messages, so accepted paths (and state changes) are fuzzed too, not only refusals. */
const wellFormed = fc.oneof(
  fc.record({ action: fc.constant('move'), room: fc.constant(ROOM), column: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ action: fc.constant('chat'), room: fc.constant(ROOM), text: fc.string({ minLength: 1, maxLength: 40 }) }),
  fc.record({ action: fc.constant('sync'), room: fc.constant(ROOM), since: fc.nat(200) }),
  fc.record({ action: fc.constantFrom('rematch', 'ping') }).map((m) => (m.action === 'ping' ? m : { ...m, room: ROOM })),
  fc.record({ action: fc.constant('join'), room: fc.constant(ROOM), name: fc.string({ minLength: 1, maxLength: 24 }) }),
);

const frames = fc.oneof(
  { weight: 3, arbitrary: wellFormed.map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
  { weight: 4, arbitrary: nearlyValid.map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.constantFrom('{', 'null', '[]', '{"action":null}', '{"action":"move","room":"fz","column":3}', 'x'.repeat(40_000)) },
);

const boardOf = (record: RoomRecord | undefined) => JSON.stringify((record?.state as { board?: unknown } | undefined)?.board);
const board = async () => boardOf(await db.rooms.get(ROOM));

describe('fuzzing every route against the embedded DynamoDB', () => {
  it('stays well-behaved for arbitrary frames', async () => {
    const tally = { accepted: 0, refused: 0, moves: 0 };
    await fc.assert(
      fc.asyncProperty(frames, fc.constantFrom(...PLAYERS), fc.constantFrom(...routes), fc.boolean(), async (body, sender, randomRoute, honestRoute) => {
        const before = await db.rooms.get(ROOM);
        const membersBefore = (await db.members.list(ROOM)).sort();
        const inboxBefore = arena.gateway.received(sender).length;
        // Mostly as API Gateway would route it; sometimes at a route that does not match the body.
        const route = honestRoute ? routeOf(body) : randomRoute;

        const result = await arena.sendRaw(sender, route, body).catch((error: unknown) => ({ thrown: error }));
        expect(result).toEqual({ statusCode: 200 });

        const received = arena.gateway.received(sender).slice(inboxBefore);
        for (const message of received) expect(outboundIssues(message), JSON.stringify(message)).toEqual([]);
        const after = await db.rooms.get(ROOM);
        const refused = received.some((m) => (m as { type: string }).type === 'error');
        tally[refused ? 'refused' : 'accepted']++;
        if (refused) {
          expect(after).toEqual(before);
          expect((await db.members.list(ROOM)).sort()).toEqual(membersBefore);
        }
        if (boardOf(after) !== boardOf(before)) {
          const moved = received.find((m) => (m as { type: string }).type === 'moved') as { by: number } | undefined;
          expect(moved, 'the board changed without a moved event to the sender').toBeDefined();
          expect((before?.state as { turn: number }).turn).toBe(moved?.by);
          expect(before?.seats[moved!.by]?.connectionId).toBe(sender);
          expect(after?.seq).toBe((before?.seq ?? 0) + 1);
          tally.moves++;
        }
      }),
      { numRuns: 400 },
    );
    expect(unhandled).toEqual([]);
    expect(await board()).toBeDefined();
    // The run reached both sides of the property, not only the refusals.
    expect(tally.accepted).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
    console.log(`fuzz: ${JSON.stringify(tally)}`);
  }, 120_000);
});
