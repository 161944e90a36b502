import * as v from 'valibot';
import { gameOutbound, type Assert, type Narrows } from './outbound-games';
import {
  ErrorCodes,
  Limits,
  type ChatEvent,
  type EndedEvent,
  type ErrorReply,
  type EventsReply,
  type EvictedReply,
  type JoinedEvent,
  type LeftEvent,
  type LeftReply,
  type MovedEvent,
  type PongReply,
  type PresenceEvent,
  type RematchEvent,
  type RoomEvent,
  type RoomsReply,
  type RoomState,
  type ServerMessage,
  type SnapshotReply,
  type WelcomeReply,
} from './protocol';
import { cleanChat, codePoints, isReadable } from './text-hygiene';

/**
 * Schemas of every server -> client message, strict: a field the protocol
 * does not define fails, so a leak (a token hash, a hidden fleet, a raw
 * subject) cannot ride along unnoticed. They are what the server promises,
 * and checked three ways: against the types of `protocol.ts` at compile time
 * (bottom of this file), against every message the e2e suite receives
 * (scripts/local/ws-player.ts), and as the source of the published JSON
 * Schemas (`npm run spec` -> docs/schemas/server/).
 *
 * `v.description` texts end up in the JSON Schemas: they say what JSON Schema
 * cannot (checks written as `v.check`, cross-field rules).
 */

const integer = (min: number, description: string) => v.pipe(v.number(), v.integer(), v.minValue(min), v.description(description));
const between = (min: number, max: number, description: string) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max), v.description(description));

/**
 * A length in code points. valibot's `maxLength` counts UTF-16 units, JSON
 * Schema's counts code points: the check does the latter, and the metadata
 * states it to JSON Schema, where it is exact.
 */
const codePointsBetween = (min: number, max: number, what: string) =>
  [
    v.check((text: string) => codePoints(text) >= min && codePoints(text) <= max, `${what} must be ${min}-${max} characters`),
    v.metadata<string, { minLength: number; maxLength: number }>({ minLength: min, maxLength: max }),
  ] as const;

/** Already cleaned by the server: nothing hidden left, marks capped, trimmed (cleaning again changes nothing). */
const shown = (what: string) => v.check((text: string) => cleanChat(text) === text, `${what} has hidden characters or untrimmed space`);

export const seatSchema = integer(0, 'a seat, numbered from 0 in seat order');
const seq = integer(1, 'the number of a room event: 1, 2, 3, ... per room, without gaps');
const epochMs = integer(0, 'a moment, in milliseconds since 1970-01-01 UTC (server clock)');
const room = v.pipe(v.string(), v.regex(Limits.roomPattern), v.description('a room code'));
const re = v.optional(
  v.pipe(
    v.string(),
    v.minLength(1),
    v.maxLength(Limits.maxRequestIdLength),
    v.description("the `id` of the request this answers, echoed as sent (1-64 UTF-16 code units); only on the requester's copy"),
  ),
);
const playerId = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-]{1,64}$/),
  v.description('a public player id; opaque (this server uses 12 characters): random per seat, derived from the token for a spectator or an authenticated player'),
);
const token = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-]{16,128}$/),
  v.description('a seat token, or a spectator token (starts with "watch-"): keep it and present it on `join` to come back as the same player'),
);
export const nameSchema = v.pipe(
  v.string(),
  shown('name'),
  v.check(isReadable, 'name must have a visible letter or digit'),
  ...codePointsBetween(1, Limits.maxNameLength, 'name'),
  v.description(
    'a name as the server cleaned it (NFKC, hidden characters removed, at most 3 combining marks per character, spaces collapsed): ' +
      '1-24 code points with at least one letter or digit. Not expressible here: no control, format or other invisible character remains.',
  ),
);
const chatText = v.pipe(
  v.string(),
  shown('text'),
  ...codePointsBetween(1, Limits.maxChatLength, 'text'),
  v.description('a chat line as the server cleaned it (hidden characters removed, marks capped, trimmed): 1-500 code points. Render it as text, never as HTML.'),
);
const spectators = integer(0, 'connections in the room that hold no seat');
const clock = v.pipe(
  v.nullable(v.strictObject({ turnSeconds: between(Limits.minTurnSeconds, Limits.maxTurnSeconds, 'each turn lasts at most this many seconds') })),
  v.description('the turn clock, or null for none'),
);
const seats = (description: string) => v.pipe(v.array(seatSchema), v.description(description));

// ---- room state ----------------------------------------------------------------

const player = v.variant('online', [
  v.strictObject({ seat: seatSchema, playerId, name: nameSchema, online: v.literal(true) }),
  v.strictObject({
    seat: seatSchema,
    playerId,
    name: nameSchema,
    online: v.literal(false),
    returnBy: v.pipe(v.optional(epochMs), v.description('when the seat is freed if the player has not come back')),
  }),
]);

const genericState = {
  round: integer(1, 'the game number in this room: 1, then +1 per new game'),
  status: v.picklist(['waiting', 'playing', 'won', 'draw']),
  reason: v.pipe(v.nullable(v.picklist(['win', 'draw', 'forfeit', 'timeout', 'abandoned'])), v.description('why the game ended; null while it has not')),
  toMove: seats('the seats expected to act now (both during Battleship placement); empty unless playing'),
  turn: v.pipe(v.nullable(seatSchema), v.description('the one seat to move when exactly one is, else null')),
  winner: v.pipe(v.nullable(seatSchema), v.description('the winning seat when status is won, else null')),
  deadline: v.pipe(v.nullable(epochMs), v.description('when the seats in toMove run out of time (rooms with a clock, while playing), else null')),
  clock,
  visibility: v.picklist(['public', 'private']),
  players: v.pipe(v.array(player), v.description('the seated players, in seat order (empty seats are absent)')),
  spectators,
  rematch: seats('seats that asked for a rematch of the finished game'),
};

interface Consistent {
  status: string;
  reason: unknown;
  toMove: number[];
  turn: number | null;
  winner: number | null;
  deadline: number | null;
}
/** The rules JSON Schema cannot relate: each is a promise of the server, checked here. */
const consistent = (state: Consistent): boolean =>
  state.turn === (state.toMove.length === 1 ? state.toMove[0] : null) &&
  (state.status === 'won') === (state.winner !== null) &&
  (state.status === 'won' || state.status === 'draw') === (state.reason !== null) &&
  (state.status === 'playing' || (state.toMove.length === 0 && state.deadline === null));
const INCONSISTENT = 'state is inconsistent (turn, toMove, winner, reason or deadline)';
const stateDescription = (game: string) =>
  `The room state of a ${game} room, as the receiving viewer may see it. Not expressible in JSON Schema: turn is toMove[0] when toMove has ` +
  'one seat, else null; winner is set exactly when status is won; reason is set exactly when status is won or draw; toMove is empty and ' +
  'deadline null unless status is playing.';

const connectFourState = v.strictObject({ game: v.literal('connect4'), ...genericState, ...gameOutbound.connect4.view });
const battleshipState = v.strictObject({ game: v.literal('battleship'), ...genericState, ...gameOutbound.battleship.view });
export const gameStateSchemas = {
  connect4: v.pipe(
    connectFourState,
    v.check<v.InferOutput<typeof connectFourState>, string>(consistent, INCONSISTENT),
    v.title('Connect Four state'),
    v.description(stateDescription('Connect Four')),
  ),
  battleship: v.pipe(
    battleshipState,
    v.check<v.InferOutput<typeof battleshipState>, string>(consistent, INCONSISTENT),
    v.title('Battleship state'),
    v.description(stateDescription('Battleship')),
  ),
};
export const roomStateSchema = v.pipe(
  v.variant('game', [gameStateSchemas.connect4, gameStateSchemas.battleship]),
  v.description('Generic fields plus the fields of the room\'s game (`game` says which): the whole room after the event, as this viewer may see it.'),
);

// ---- room events ---------------------------------------------------------------

const event = <T extends string>(type: T) => ({ type: v.literal(type), room, seq, re });

const joined = v.strictObject({ ...event('joined'), playerId, name: nameSchema, seat: seatSchema, state: roomStateSchema });
const left = v.strictObject({ ...event('left'), playerId, seat: seatSchema, state: roomStateSchema });
const presence = v.strictObject({ ...event('presence'), playerId, seat: seatSchema, online: v.boolean(), state: roomStateSchema });
/** Per game, one schema per form of its move description, each with that game's state. */
export const movedSchemas = {
  connect4: gameOutbound.connect4.moved.map((fields) => v.strictObject({ ...event('moved'), by: seatSchema, state: gameStateSchemas.connect4, ...fields })),
  battleship: gameOutbound.battleship.moved.map((fields) => v.strictObject({ ...event('moved'), by: seatSchema, state: gameStateSchemas.battleship, ...fields })),
};
const movedOptions = [...movedSchemas.connect4, ...movedSchemas.battleship];
const moved = v.pipe(v.union(movedOptions), v.description("A move was applied: `by` the seat that moved, the game's own fields of the move, and the state after it."));
const chat = v.strictObject({
  ...event('chat'),
  playerId,
  name: nameSchema,
  seat: v.nullable(seatSchema),
  text: chatText,
  spectators: v.pipe(v.optional(spectators), v.description("the room's spectator count at this line; absent on the answer to a resent line")),
});
const rematch = v.strictObject({
  ...event('rematch'),
  requested: seats('the seats that have asked so far'),
  started: v.pipe(v.boolean(), v.description('true when every seat has asked: state is then the new game')),
  state: roomStateSchema,
});
const ended = v.strictObject({
  ...event('ended'),
  reason: v.picklist(['timeout', 'abandoned']),
  seats: v.pipe(v.array(seatSchema), v.minLength(1), v.description('the seats that ran out of time, or did not come back')),
  state: roomStateSchema,
});

export const roomEventSchemas = { joined, left, presence, moved, chat, rematch, ended };
export const roomEventSchema = v.variant('type', [joined, left, presence, ...movedOptions, chat, rematch, ended]);

// ---- direct replies ------------------------------------------------------------

const welcome = v.strictObject({
  type: v.literal('welcome'),
  re,
  room,
  you: v.strictObject({
    playerId,
    seat: v.pipe(v.nullable(seatSchema), v.description('your seat, or null: you watch')),
    token: v.pipe(v.optional(token), v.description('present when you took or took back a seat (a seat token) or started watching (a spectator token)')),
  }),
  seq: integer(0, "the room's seq when you joined: every event you receive next has a higher one"),
  state: roomStateSchema,
});
const events = v.strictObject({
  type: v.literal('events'),
  re,
  room,
  events: v.pipe(v.array(roomEventSchema), v.maxLength(Limits.replayEvents), v.description('every event after `since`, in seq order; empty when up to date')),
});
const snapshot = v.strictObject({ type: v.literal('snapshot'), re, room, seq: integer(0, 'continue from this seq'), state: roomStateSchema });
const pong = v.strictObject({ type: v.literal('pong'), re });
const lobbyRoom = v.strictObject({
  room,
  game: v.picklist(Object.keys(gameOutbound) as (keyof typeof gameOutbound)[]),
  status: v.picklist(['waiting', 'playing']),
  players: v.pipe(v.array(nameSchema), v.description('names of the seated players')),
  spectators,
  clock,
});
const rooms = v.strictObject({
  type: v.literal('rooms'),
  re,
  rooms: v.pipe(v.array(lobbyRoom), v.maxLength(Limits.lobbyPage), v.description('public rooms, oldest first')),
  cursor: v.pipe(v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,1024}$/))), v.description('present when there may be more: send it back as `cursor`')),
});
const leftReply = v.strictObject({ type: v.literal('left'), re, room, playerId, seat: v.pipe(v.null(), v.description('a spectator left (no seq: nothing changed for the room)')) });
const evicted = v.strictObject({
  type: v.literal('evicted'),
  room,
  seat: seatSchema,
  reason: v.pipe(v.string(), v.minLength(1), v.description('for people')),
});
const message = v.pipe(v.string(), v.minLength(1), v.description('for people: match on `code`'));
const { RATE_LIMITED, ...otherCodes } = ErrorCodes;
const error = v.variant('code', [
  v.strictObject({
    type: v.literal('error'),
    re,
    code: v.literal(RATE_LIMITED),
    message,
    retryAfterMs: integer(1, 'wait at least this long (ms) before sending again'),
  }),
  v.strictObject({ type: v.literal('error'), re, code: v.picklist(Object.values(otherCodes)), message }),
]);

export const replySchemas = { welcome, events, snapshot, pong, rooms, left: leftReply, evicted, error };

/** Anything a client can receive. */
export const serverMessageSchema = v.variant('type', [
  ...roomEventSchema.options,
  welcome,
  events,
  snapshot,
  pong,
  rooms,
  leftReply,
  evicted,
  error,
]);

/** Why `message` is not a protocol message, one line per issue; empty when it is one. */
export const outboundIssues = (message: unknown): string[] => {
  const result = v.safeParse(serverMessageSchema, message);
  return result.success ? [] : result.issues.map((issue) => `${v.getDotPath(issue) ?? '(message)'}: ${issue.message}`);
};

// ---- agreement with protocol.ts (compile time) ----------------------------------

/** The named keys of T (an index signature such as RoomState's game fields left out). */
type KnownKeys<T> = keyof { [K in keyof T as string extends K ? never : K]: T[K] };
type KeysOf<T> = T extends unknown ? keyof T : never;
/** Every message the schema accepts is a P, and the schema names every field P names. */
type Agrees<S extends v.GenericSchema, P> =
  Narrows<v.InferOutput<S>, P> extends true ? ([Exclude<KnownKeys<P>, KeysOf<v.InferOutput<S>>>] extends [never] ? true : false) : false;

// Adding a field to a message type in protocol.ts, or changing one, stops this compiling until the schema follows.
type _ProtocolAgrees = Assert<
  [
    Agrees<typeof roomStateSchema, RoomState>,
    Agrees<typeof joined, JoinedEvent>,
    Agrees<typeof left, LeftEvent>,
    Agrees<typeof presence, PresenceEvent>,
    Agrees<typeof moved, MovedEvent>,
    Agrees<typeof chat, ChatEvent>,
    Agrees<typeof rematch, RematchEvent>,
    Agrees<typeof ended, EndedEvent>,
    Agrees<typeof roomEventSchema, RoomEvent>,
    Agrees<typeof welcome, WelcomeReply>,
    Agrees<typeof events, EventsReply>,
    Agrees<typeof snapshot, SnapshotReply>,
    Agrees<typeof pong, PongReply>,
    Agrees<typeof rooms, RoomsReply>,
    Agrees<typeof leftReply, LeftReply>,
    Agrees<typeof evicted, EvictedReply>,
    Agrees<typeof error, ErrorReply>,
    Narrows<v.InferOutput<typeof serverMessageSchema>, ServerMessage>,
  ]
>;
