import * as v from 'valibot';
import { ErrorCodes, RoomEventTypes } from '../../src/protocol';

/** What a client may receive, checked independently of the server's own types. */
const seq = v.pipe(v.number(), v.integer(), v.minValue(0));
const re = v.optional(v.string());
const state = v.looseObject({
  status: v.picklist(['waiting', 'playing', 'won', 'draw']),
  players: v.array(v.looseObject({ seat: v.number(), playerId: v.string(), name: v.string(), online: v.boolean() })),
  spectators: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
const event = v.looseObject({ type: v.picklist(Object.values(RoomEventTypes)), room: v.string(), seq: v.pipe(seq, v.minValue(1)), re });

export const serverMessageSchema = v.union([
  event,
  v.strictObject({ type: v.literal('welcome'), re, room: v.string(), you: v.looseObject({ playerId: v.string(), seat: v.nullable(v.number()) }), seq, state }),
  v.strictObject({ type: v.literal('events'), re, room: v.string(), events: v.array(event) }),
  v.strictObject({ type: v.literal('snapshot'), re, room: v.string(), seq, state }),
  v.strictObject({ type: v.literal('pong'), re }),
  v.strictObject({ type: v.literal('error'), re, code: v.picklist(Object.values(ErrorCodes)), message: v.pipe(v.string(), v.minLength(1)) }),
]);
