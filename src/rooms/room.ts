import { BadRequestError, GameOverError, IllegalMoveError, NotYourTurnError } from '../errors';
import { rulesFor } from '../games/registry';
import type { RoomEvent, Seat } from '../protocol';
import type { RoomRecord, SeatHolder } from './record';
import { hashSeatToken, seatTokenMatches } from './seat-tokens';

/**
 * The room's rules of membership and play, as pure functions: each takes the
 * current record and returns the next one with the events it produced, or
 * throws an `ArenaError` and changes nothing. No I/O happens here; the caller
 * (`actions/`) reads, writes conditionally and delivers.
 */

type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event before it is numbered and given the resulting room state. */
export type EventDraft = Without<RoomEvent, 'room' | 'seq' | 'state' | 're'>;

export interface Change {
  record: RoomRecord;
  events: EventDraft[];
  /** Connections leaving the room with this change: still listed as members, but not to be counted. */
  absent?: string[];
}

export const newRoom = (room: string, game: string, now: number): RoomRecord => ({
  room,
  game,
  seq: 0,
  round: 1,
  status: 'waiting',
  turn: null,
  winner: null,
  firstTurn: 0,
  board: rulesFor(game).initialBoard(),
  seats: Array.from({ length: rulesFor(game).seats }, () => null),
  spectators: 0,
  rematch: [],
  events: [],
  updatedAt: now,
});

export const seatOf = (record: RoomRecord, connectionId: string): Seat | null => {
  const seat = record.seats.findIndex((holder) => holder?.connectionId === connectionId);
  return seat === -1 ? null : seat;
};

const otherSeat = (record: RoomRecord, seat: Seat): Seat => (seat + 1) % record.seats.length;

const withSeat = (record: RoomRecord, seat: Seat, holder: SeatHolder | null): (SeatHolder | null)[] =>
  record.seats.map((current, index) => (index === seat ? holder : current));

/** A fresh board for the next round, with `firstTurn` to move. */
const startRound = (record: RoomRecord, round: number, firstTurn: Seat): RoomRecord => ({
  ...record,
  round,
  firstTurn,
  status: 'playing',
  turn: firstTurn,
  winner: null,
  rematch: [],
  board: rulesFor(record.game).initialBoard(),
});

/** When every seat is filled: a waiting room starts; a finished game that lost a player starts over. */
const startIfFull = (record: RoomRecord): RoomRecord => {
  if (record.seats.some((holder) => holder === null)) return record;
  if (record.status === 'waiting') return { ...record, status: 'playing', turn: record.firstTurn };
  if (record.status === 'won' || record.status === 'draw') return startRound(record, record.round + 1, otherSeat(record, record.firstTurn));
  return record;
};

export interface JoinInput {
  connectionId: string;
  name: string;
  /** A seat token presented to take a seat back. */
  token?: string;
  /** Verified subject, when `$connect` authentication is on. */
  identity?: string;
  /** The player id this connection already has in this room, if it is a member. */
  currentPlayerId?: string;
  /** Fresh values, drawn by the caller so this function stays deterministic. */
  newPlayerId: string;
  newToken: string;
}

export interface JoinResult extends Change {
  you: { playerId: string; seat: Seat | null; token?: string };
  /** The connection that played the reclaimed seat until now; the caller takes it out of the room. */
  displaced?: string;
}

/** Joins a room: reclaims a seat (token or identity), takes a free seat, or watches. */
export const join = (record: RoomRecord, input: JoinInput): JoinResult => {
  const current = seatOf(record, input.connectionId);
  if (current !== null && input.token === undefined) {
    // Already seated on this connection: nothing changes, and the token it holds stays valid.
    const holder = record.seats[current] as SeatHolder;
    return { record, events: [], you: { playerId: holder.playerId, seat: current } };
  }

  const reclaimed =
    input.token !== undefined
      ? record.seats.findIndex((holder) => holder !== null && seatTokenMatches(input.token as string, holder.tokenHash))
      : input.identity !== undefined
        ? record.seats.findIndex((holder) => holder?.identity === input.identity)
        : -1;
  if (input.token !== undefined && reclaimed === -1) {
    throw new BadRequestError(`this seat token is not valid in room ${record.room}: the seat was given up or the token was replaced`);
  }
  if (current !== null && reclaimed !== -1 && reclaimed !== current) {
    throw new BadRequestError(`this connection already plays seat ${current}; one connection plays one seat`);
  }

  if (reclaimed !== -1) {
    const holder = record.seats[reclaimed] as SeatHolder;
    // The connection that played the seat until now (an old tab, or a socket whose $disconnect has not
    // arrived yet) is displaced: it leaves the room with this change.
    const displaced = holder.connectionId !== null && holder.connectionId !== input.connectionId ? holder.connectionId : undefined;
    // A new token each time a seat is taken back, so a token seen once (a stale tab, a log) stops working.
    const next: RoomRecord = {
      ...record,
      seats: withSeat(record, reclaimed, { ...holder, name: input.name, connectionId: input.connectionId, tokenHash: hashSeatToken(input.newToken) }),
    };
    return {
      record: next,
      events: [{ type: 'presence', playerId: holder.playerId, seat: reclaimed, online: true }],
      you: { playerId: holder.playerId, seat: reclaimed, token: input.newToken },
      ...(displaced === undefined ? {} : { displaced, absent: [displaced] }),
    };
  }

  if (input.currentPlayerId !== undefined) {
    // Already watching from this connection: idempotent.
    return { record, events: [], you: { playerId: input.currentPlayerId, seat: null } };
  }

  const playerId = input.identity ?? input.newPlayerId;
  const free = record.seats.findIndex((holder) => holder === null);
  if (free === -1) {
    return {
      record,
      events: [{ type: 'joined', playerId, name: input.name, seat: null }],
      you: { playerId, seat: null },
    };
  }
  const holder: SeatHolder = {
    playerId,
    name: input.name,
    tokenHash: hashSeatToken(input.newToken),
    connectionId: input.connectionId,
    ...(input.identity === undefined ? {} : { identity: input.identity }),
  };
  return {
    record: startIfFull({ ...record, seats: withSeat(record, free, holder) }),
    events: [{ type: 'joined', playerId, name: input.name, seat: free }],
    you: { playerId, seat: free, token: input.newToken },
  };
};

/** Leaves on purpose: a seat is given up (forfeiting a game in progress), a spectator just goes. */
export const leave = (record: RoomRecord, connectionId: string, playerId: string): Change => {
  const seat = seatOf(record, connectionId);
  if (seat === null) return { record, events: [{ type: 'left', playerId, seat: null }] };
  const holder = record.seats[seat] as SeatHolder;
  let next: RoomRecord = { ...record, seats: withSeat(record, seat, null), rematch: [] };
  if (record.status === 'playing') next = { ...next, status: 'won', winner: otherSeat(record, seat), turn: null };
  return { record: next, events: [{ type: 'left', playerId: holder.playerId, seat }] };
};

/** The connection closed: a seat stays reserved for its token, a spectator is gone. */
export const disconnect = (record: RoomRecord, connectionId: string, playerId: string): Change => {
  const seat = seatOf(record, connectionId);
  if (seat === null) return { record, events: [{ type: 'left', playerId, seat: null }] };
  return goOffline(record, [connectionId]);
};

/** Marks offline every seat played by one of these connections (found gone by a broadcast). */
export const goOffline = (record: RoomRecord, connectionIds: readonly string[]): Change => {
  const gone = new Set(connectionIds);
  const events: EventDraft[] = [];
  const seats = record.seats.map((holder, seat) => {
    if (holder === null || holder.connectionId === null || !gone.has(holder.connectionId)) return holder;
    events.push({ type: 'presence', playerId: holder.playerId, seat, online: false });
    return { ...holder, connectionId: null };
  });
  return { record: events.length === 0 ? record : { ...record, seats }, events };
};

export const move = (record: RoomRecord, connectionId: string, input: unknown): Change => {
  const rules = rulesFor(record.game);
  const seat = seatOf(record, connectionId);
  if (seat === null) throw new NotYourTurnError('spectators cannot move');
  if (record.status === 'won' || record.status === 'draw') throw new GameOverError();
  if (record.status === 'waiting') throw new NotYourTurnError('the game has not started: waiting for an opponent');
  if (record.turn !== seat) throw new NotYourTurnError();
  const illegal = rules.validate(record.board, input, seat);
  if (illegal !== undefined) throw new IllegalMoveError(illegal);

  const board = rules.apply(record.board, input, seat);
  const outcome = rules.outcome(board, input, seat);
  const next: RoomRecord = {
    ...record,
    board,
    status: outcome.status,
    winner: outcome.status === 'won' ? outcome.winner : null,
    turn: outcome.status === 'playing' ? rules.nextTurn(board, seat) : null,
  };
  return { record: next, events: [{ type: 'moved', by: seat, ...rules.describeMove(input) } as EventDraft] };
};

export const chat = (record: RoomRecord, connectionId: string, sender: { playerId: string; name: string }, text: string): Change => {
  const seat = seatOf(record, connectionId);
  const holder = seat === null ? undefined : record.seats[seat];
  return {
    record,
    events: [{ type: 'chat', playerId: holder?.playerId ?? sender.playerId, name: holder?.name ?? sender.name, seat, text }],
  };
};

/** Records a seated player's wish for a rematch; the second wish starts the next round, the other seat first. */
export const rematch = (record: RoomRecord, connectionId: string): Change => {
  const seat = seatOf(record, connectionId);
  if (seat === null) throw new BadRequestError('only seated players can ask for a rematch');
  if (record.status !== 'won' && record.status !== 'draw') throw new BadRequestError('there is no finished game to rematch');
  if (record.seats.some((holder) => holder === null)) {
    throw new BadRequestError('a seat is empty: a new game starts when a player takes it');
  }
  if (record.rematch.includes(seat)) throw new BadRequestError('you already asked for a rematch; waiting for your opponent');
  const requested = [...record.rematch, seat].sort((a, b) => a - b);
  if (requested.length < record.seats.length) {
    return { record: { ...record, rematch: requested }, events: [{ type: 'rematch', requested, started: false }] };
  }
  return {
    record: startRound(record, record.round + 1, otherSeat(record, record.firstTurn)),
    events: [{ type: 'rematch', requested, started: true }],
  };
};
