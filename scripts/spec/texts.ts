import type { Action } from '../../src/protocol';

/**
 * The words of the generated spec: a title and a description per message, and
 * what each inbound field means beyond its JSON Schema. docs/protocol.md says
 * the same at length; these are what a tool shows next to a schema.
 */
export interface MessageDoc {
  title: string;
  description: string;
}

const client: Record<Action, MessageDoc> = {
  join: {
    title: 'join',
    description:
      'Joins a room: takes a free seat, takes a seat back with its seat token, or watches (no free seat, or a spectator token). ' +
      'A room code nobody used creates a private Connect Four room without a clock. Answered with `welcome`.',
  },
  create: {
    title: 'create',
    description: 'A new room with a server-chosen code, the sender in seat 0. Answered with `welcome`; ALREADY_SEATED from a connection that plays a seat elsewhere.',
  },
  quickplay: {
    title: 'quickplay',
    description:
      'A seat in the oldest public room of `game` waiting for a player, or a new public room that waits. Answered with `welcome`; ALREADY_SEATED from a connection that plays a seat elsewhere.',
  },
  rooms: { title: 'rooms', description: 'A page (20) of the lobby: public rooms of `game` waiting for a player or being played. Answered with `rooms`.' },
  move: {
    title: 'move',
    description:
      "A move in the room's game: the protocol's fields (`action`, `id`, `room`) beside the game's own. Which game applies is the room's (`state.game`); " +
      "the server checks the game's fields against that game's schema only. Answered with the `moved` event (with `re`).",
  },
  chat: { title: 'chat', description: 'A chat line, from anyone in the room (seated or watching). Answered with the `chat` event (with `re`).' },
  sync: { title: 'sync', description: 'What this connection missed after `since`. Answered with `events` (every event after `since`) or `snapshot`.' },
  leave: {
    title: 'leave',
    description:
      "Leaves the room. A seated player gives the seat up (a game in progress is forfeited) and is answered with the room's `left` event; a spectator is answered with the `left` reply (no seq).",
  },
  rematch: { title: 'rematch', description: 'A seated player asks for another game once this one is over. Answered with the `rematch` event (with `re`).' },
  ping: { title: 'ping', description: 'Answered with `pong`. Also keeps an idle socket open (API Gateway closes a socket idle for 10 minutes).' },
};

const server = {
  joined: { title: 'joined', description: 'A room event: a player sat down (a spectator arriving sends no event).' },
  left: { title: 'left', description: 'A room event: a seat was given up (`leave`, or a player who did not come back in time). A game in progress ends first (forfeit, or an `ended` event).' },
  presence: { title: 'presence', description: "A room event: a seated player's connection dropped (the seat waits, see `returnBy`) or came back." },
  moved: { title: 'moved', description: 'A room event: a move was applied.' },
  chat: { title: 'chat', description: 'A room event: a chat line. `spectators` carries the room\'s spectator count (spectators come and go without events).' },
  rematch: { title: 'rematch', description: 'A room event: a seat asked for a rematch; `started: true` and the new game in `state` once every seat has.' },
  ended: { title: 'ended', description: 'A room event: the game ended off the board: a turn ran out (`timeout`) or a player did not come back (`abandoned`).' },
  welcome: {
    title: 'welcome',
    description: 'The answer to `join`, `create` and `quickplay`: you are in the room. Every event numbered after `seq` reaches this connection.',
  },
  events: { title: 'events', description: 'The answer to `sync` when the server still holds every event after `since`.' },
  snapshot: { title: 'snapshot', description: 'The answer to `sync` when it cannot replay: replace your state with `state` and continue from `seq`.' },
  pong: { title: 'pong', description: 'The answer to `ping`.' },
  rooms: { title: 'rooms', description: 'The answer to `rooms`: a page of the lobby.' },
  'left-reply': { title: 'left (reply)', description: "The answer to a spectator's `leave` (a seated player's `leave` is answered by the `left` room event)." },
  evicted: {
    title: 'evicted',
    description: 'This connection played a seat that another connection of the same player took back: nothing more comes from the room here.',
  },
  error: { title: 'error', description: 'A request was refused: nothing changed. `re` is present whenever the frame had a readable `id`.' },
  'room-state': { title: 'RoomState', description: 'The `state` of a room, as carried by welcome, snapshot and most events.' },
  message: { title: 'Server message', description: 'Anything the server sends: a room event or a direct reply. Tell them apart by `type` (a `left` with `seq` is the event).' },
} satisfies Record<string, MessageDoc>;

export const MESSAGES = { client, server };

/** What JSON Schema cannot say about an inbound field, by property name (the same field means the same in every action). */
export const INBOUND_FIELDS: Record<string, string> = {
  id:
    'Optional, 1-64 UTF-16 code units (JSON Schema counts code points, so an id with characters outside the BMP may pass here and be refused). ' +
    'Echoed as `re`. For move, rematch and chat it is also the idempotency key of the request for 10 minutes: a resend is answered with the original event; the same id with another body gets ID_REUSED.',
  room: 'A room code.',
  name:
    'Cleaned before it is checked, which JSON Schema cannot express: NFKC, then hidden characters removed (controls, format characters such as LRM/RLM/ALM, ' +
    'zero-width characters, tags, line separators, Hangul fillers, the blank Braille pattern), at most 3 combining marks per character, spaces collapsed, trimmed. ' +
    'The result must have a letter or digit and be 1-24 code points, else BAD_REQUEST. On a reclaim the new name replaces the old one.',
  text:
    'Cleaned before it is checked, which JSON Schema cannot express: hidden characters removed, at most 3 combining marks per character, trimmed (no NFKC). ' +
    'The result must be 1-500 code points, else BAD_REQUEST.',
  token: 'A seat token (takes the seat back) or a spectator token ("watch-" prefix: watches again as the same spectator), from an earlier `welcome`.',
  since: 'The last seq this client applied.',
  game: 'A game id.',
  clock: 'A turn clock: each turn lasts at most turnSeconds; when it runs out the seats to move lose.',
  visibility: 'public rooms are offered to quick play and listed in the lobby; default private.',
  reconnectSeconds: 'How long a seat waits for a player whose connection dropped; default 60.',
  status: 'waiting: rooms waiting for a player; playing: games in progress.',
  cursor: 'The `cursor` of the previous page, as the server sent it; anything else is BAD_REQUEST.',
  // The games' own fields of `move` (docs/games.md).
  column: 'Connect Four: the column to drop a disc in (a full column is ILLEGAL_MOVE). Battleship: the column to shoot at.',
  row: 'Battleship: the row to shoot at (a cell already shot, or a shot out of turn or during placement, is ILLEGAL_MOVE).',
  kind: 'Battleship: place (the whole fleet, once) or shoot.',
  ships:
    'Battleship: the whole fleet at once. The schema checks each ship alone; the rules check the fleet (lengths exactly 5, 4, 3, 3, 2; inside the grid; ' +
    'no shared cell) and refuse it with ILLEGAL_MOVE, which JSON Schema cannot express.',
};
