import * as v from 'valibot';
import { gameIds } from './games/registry';
import { Actions, Limits, type Action } from './protocol';
import { cleanChat, cleanName, codePoints, isReadable } from './text-hygiene';

/**
 * Schemas of every client -> server message (valibot: tree-shaken, a few KB
 * in each handler bundle where zod would add tens). Objects are strict: a field
 * that the protocol does not define (a `playerId`, a `seat`) is refused, not
 * ignored, so no client can believe it acted as somebody else. A move's own
 * fields belong to its room's game and are validated by that game's schema
 * once the room is known (`actions/play.ts`).
 */

const requestId = v.optional(
  v.pipe(v.string('id must be a string'), v.minLength(1, 'id must not be empty'), v.maxLength(Limits.maxRequestIdLength, 'id is too long (64 max)')),
);
const room = v.pipe(v.string('room must be a string'), v.regex(Limits.roomPattern, 'room must be 1-64 characters among A-Z a-z 0-9 _ -'));
const name = v.pipe(
  v.string('name must be a string'),
  v.transform(cleanName),
  v.check(isReadable, 'name must have a visible letter or digit'),
  v.check((text) => codePoints(text) <= Limits.maxNameLength, `name must be at most ${Limits.maxNameLength} characters`),
);
const chatText = v.pipe(
  v.string('text must be a string'),
  v.transform(cleanChat),
  v.check((text) => text.length > 0, 'text must not be empty'),
  v.check((text) => codePoints(text) <= Limits.maxChatLength, `text must be at most ${Limits.maxChatLength} characters`),
);
const token = v.pipe(v.string('token must be a string'), v.regex(/^[A-Za-z0-9_-]{16,128}$/, 'token is malformed'));
const seq = v.pipe(v.number('since must be a number'), v.integer('since must be an integer'), v.minValue(0, 'since must be >= 0'));

const envelope = <A extends Action>(action: A) => ({ action: v.literal(action), id: requestId });

const game = v.picklist(gameIds(), `game must be one of: ${gameIds().join(', ')}`);
const seconds = (field: string, min: number, max: number) =>
  v.pipe(v.number(`${field} must be a number`), v.integer(`${field} must be an integer`), v.minValue(min, `${field} must be ${min}-${max}`), v.maxValue(max, `${field} must be ${min}-${max}`));
const clock = v.strictObject({ turnSeconds: seconds('turnSeconds', Limits.minTurnSeconds, Limits.maxTurnSeconds) });
const cursor = v.pipe(v.string('cursor must be a string'), v.regex(/^[A-Za-z0-9_-]{1,1024}$/, 'cursor was not issued by the server'));

export const requestSchemas = {
  join: v.strictObject({ ...envelope(Actions.join), room, name, token: v.optional(token) }),
  create: v.strictObject({
    ...envelope(Actions.create),
    game,
    name,
    clock: v.optional(clock),
    visibility: v.optional(v.picklist(['public', 'private'], 'visibility must be public or private')),
    reconnectSeconds: v.optional(seconds('reconnectSeconds', Limits.minReconnectSeconds, Limits.maxReconnectSeconds)),
  }),
  quickplay: v.strictObject({ ...envelope(Actions.quickplay), game, name }),
  rooms: v.strictObject({ ...envelope(Actions.rooms), game, status: v.picklist(['waiting', 'playing'], 'status must be waiting or playing'), cursor: v.optional(cursor) }),
  // Loose here only: the rest is the game's, checked strictly by its own schema.
  move: v.looseObject({ ...envelope(Actions.move), room }),
  chat: v.strictObject({ ...envelope(Actions.chat), room, text: chatText }),
  sync: v.strictObject({ ...envelope(Actions.sync), room, since: seq }),
  leave: v.strictObject({ ...envelope(Actions.leave), room }),
  rematch: v.strictObject({ ...envelope(Actions.rematch), room }),
  ping: v.strictObject({ ...envelope(Actions.ping) }),
} satisfies Record<Action, v.GenericSchema>;

export type RequestOf<A extends Action> = v.InferOutput<(typeof requestSchemas)[A]>;
