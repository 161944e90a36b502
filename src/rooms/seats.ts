import { BadRequestError } from '../errors';
import type { Seat } from '../protocol';
import type { Change } from './change';
import { endGame, seatOf, startIfFull } from './play';
import type { RoomRecord, SeatHolder } from './record';
import { hashSeatToken, isSpectatorToken, seatTokenMatches, spectatorIdOf } from './seat-tokens';

/**
 * Who sits where, as pure functions: taking a seat, taking it back with its
 * token, watching, giving a seat up, dropping offline. Matchmaking (which
 * room) is decided elsewhere, as Colyseus keeps its MatchMaker apart from Room.
 */

export interface JoinInput {
  connectionId: string;
  name: string;
  /** A seat token (take the seat back) or a spectator token (watch as the same spectator). */
  token?: string;
  /** Verified subject, when `$connect` authentication is on, and the public id derived from it. */
  identity?: { subject: string; playerId: string };
  /** The player id this connection already has in this room, if it is a member. */
  current?: { playerId: string; seat: Seat | null };
  /** Take no free seat: watch (a spectator link), or fail when `seatOnly` (quick play). */
  mode?: 'any' | 'watch';
  /** Fresh values, drawn by the caller so this function stays deterministic. */
  newPlayerId: string;
  newToken: string;
  newSpectatorToken: string;
  now: number;
}

export type You = { playerId: string; seat: Seat | null; token?: string };

export type JoinDecision =
  /** A seat taken or taken back: a game write. */
  | { kind: 'seat'; change: Change; you: You; displaced?: string }
  /** A spectator: no game write, the member counts move. */
  | { kind: 'watch'; you: You }
  /** Nothing changes (already here): answer a welcome. */
  | { kind: 'here'; you: You };

const withSeat = (record: RoomRecord, seat: Seat, holder: SeatHolder | null): (SeatHolder | null)[] =>
  record.seats.map((current, index) => (index === seat ? holder : current));

const reclaimableBy = (record: RoomRecord, input: JoinInput): number => {
  if (input.token !== undefined) {
    const token = input.token;
    return record.seats.findIndex((holder) => holder !== null && holder.tokens.some((hash) => seatTokenMatches(token, hash)));
  }
  if (input.identity !== undefined) {
    const subject = input.identity.subject;
    return record.seats.findIndex((holder) => holder?.identity === subject);
  }
  return -1;
};

/** Decides what a join does: take a seat back, stay, take a free seat, or watch. */
export const joinStep = (record: RoomRecord, input: JoinInput): JoinDecision => {
  const seated = seatOf(record, input.connectionId);
  if (seated !== null && input.token === undefined) {
    // Already seated on this connection: nothing changes, and the token it holds stays valid.
    return { kind: 'here', you: { playerId: (record.seats[seated] as SeatHolder).playerId, seat: seated } };
  }

  const reclaimed = reclaimableBy(record, input);
  if (input.token !== undefined && reclaimed === -1 && !isSpectatorToken(input.token)) {
    throw new BadRequestError(`this seat token is not valid in room ${record.room}: the seat was given up or the token was replaced`);
  }
  if (seated !== null && reclaimed !== -1 && reclaimed !== seated) {
    throw new BadRequestError(`this connection already plays seat ${seated}; one connection plays one seat`);
  }
  if (reclaimed !== -1) return reclaim(record, reclaimed, input);

  if (input.current !== undefined) return { kind: 'here', you: input.current };

  const free = record.seats.findIndex((holder) => holder === null);
  if (free === -1 || input.mode === 'watch' || (input.token !== undefined && isSpectatorToken(input.token))) {
    // A spectator's token makes the same spectator again; a new spectator gets one.
    const token = input.token !== undefined && isSpectatorToken(input.token) ? input.token : input.newSpectatorToken;
    return { kind: 'watch', you: { playerId: input.identity?.playerId ?? spectatorIdOf(token), seat: null, token } };
  }
  const playerId = input.identity?.playerId ?? input.newPlayerId;
  const holder: SeatHolder = {
    playerId,
    name: input.name,
    tokens: [hashSeatToken(input.newToken)],
    connectionId: input.connectionId,
    ...(input.identity === undefined ? {} : { identity: input.identity.subject }),
  };
  return {
    kind: 'seat',
    change: {
      record: startIfFull({ ...record, seats: withSeat(record, free, holder) }, input.now),
      events: [{ type: 'joined', fields: { playerId, name: input.name, seat: free } }],
      members: { delta: 1, spectators: 0 },
    },
    you: { playerId, seat: free, token: input.newToken },
  };
};

/**
 * Takes a seat back. A new token each time, so a token seen once (a stale
 * tab, a log) stops working; the one presented stays valid until the new one
 * has been used once, so a reconnect whose welcome was lost can try again.
 * The connection that played the seat until now (an old tab, a socket whose
 * $disconnect has not arrived) is displaced: the caller tells it so.
 */
const reclaim = (record: RoomRecord, seat: Seat, input: JoinInput): JoinDecision => {
  const holder = record.seats[seat] as SeatHolder;
  const presented = input.token === undefined ? holder.tokens[0] : hashSeatToken(input.token);
  const { returnBy: _returnBy, ...kept } = holder;
  const next: SeatHolder = {
    ...kept,
    name: input.name,
    connectionId: input.connectionId,
    tokens: [hashSeatToken(input.newToken), ...(presented === undefined ? [] : [presented])],
  };
  const wasOffline = holder.connectionId === null;
  const displaced = !wasOffline && holder.connectionId !== input.connectionId ? (holder.connectionId as string) : undefined;
  const joining = input.current === undefined;
  // Only a change anyone can see is an event: a seat coming back online. A second tab taking an online seat changes nothing for the room.
  const events: Change['events'] = wasOffline ? [{ type: 'presence', fields: { playerId: holder.playerId, seat, online: true } }] : [];
  const delta = (joining ? 1 : 0) - (displaced === undefined ? 0 : 1);
  const wasWatching = input.current !== undefined && input.current.seat === null;
  return {
    kind: 'seat',
    change: {
      record: { ...record, seats: withSeat(record, seat, next) },
      events,
      ...(joining || displaced !== undefined || wasWatching ? { members: { delta, spectators: wasWatching ? -1 : 0 } } : {}),
    },
    you: { playerId: holder.playerId, seat, token: input.newToken },
    ...(displaced === undefined ? {} : { displaced }),
  };
};

/** Leaves on purpose: the seat is given up, and a game in progress is forfeited (the other seat wins). */
export const leaveStep = (record: RoomRecord, connectionId: string): Change | undefined => {
  const seat = seatOf(record, connectionId);
  if (seat === null) return undefined;
  const holder = record.seats[seat] as SeatHolder;
  const ended = record.status === 'playing' ? endGame(record, [seat], 'forfeit') : record;
  return {
    record: { ...ended, seats: withSeat(ended, seat, null), rematch: [] },
    events: [{ type: 'left', fields: { playerId: holder.playerId, seat } }],
    members: { delta: -1, spectators: 0 },
  };
};

/**
 * Connections that closed (or were found gone): the seats they played stay
 * reserved for `reconnectSeconds`, then are forfeited (see `expireStep`).
 * Undefined when none of them held a seat.
 */
export const goOffline = (record: RoomRecord, connectionIds: readonly string[], now: number): Change | undefined => {
  const gone = new Set(connectionIds);
  const events: Change['events'] = [];
  const seats = record.seats.map((holder, seat) => {
    if (holder === null || holder.connectionId === null || !gone.has(holder.connectionId)) return holder;
    events.push({ type: 'presence', fields: { playerId: holder.playerId, seat, online: false } });
    return { ...holder, connectionId: null, returnBy: now + record.reconnectSeconds * 1000 };
  });
  if (events.length === 0) return undefined;
  return { record: { ...record, seats }, events, members: { delta: -events.length, spectators: 0 } };
};
