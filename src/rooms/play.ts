import { BadRequestError, GameOverError, IllegalMoveError, NotYourTurnError } from '../errors';
import { rulesFor } from '../games/registry';
import type { Outcome } from '../games/rules';
import type { EndReason, Seat } from '../protocol';
import type { Change, EventDraft } from './change';
import type { RoomRecord, SeatHolder } from './record';

/**
 * The game side of a room, as pure functions: each takes the current record
 * (and the time, drawn by the caller) and returns the next one with its
 * events, or throws an `ArenaError` and changes nothing.
 */

export const seatOf = (record: RoomRecord, connectionId: string): Seat | null => {
  const seat = record.seats.findIndex((holder) => holder?.connectionId === connectionId);
  return seat === -1 ? null : seat;
};

/** The seats expected to act now. */
export const toMoveOf = (record: RoomRecord): Seat[] => (record.status === 'playing' ? rulesFor(record.game).toMove(record.state) : []);

const isOver = (record: RoomRecord): boolean => record.status === 'won' || record.status === 'draw';

/** When the turn that starts now runs out, for a room with a clock. */
const deadlineFrom = (record: RoomRecord, now: number): number | null => (record.clock === null ? null : now + record.clock.turnSeconds * 1000);

/** A fresh game for the next round, started by `first`. */
export const startRound = (record: RoomRecord, round: number, first: Seat, now: number): RoomRecord => {
  const started: RoomRecord = {
    ...record,
    round,
    firstTurn: first,
    status: 'playing',
    reason: null,
    winner: null,
    rematch: [],
    state: rulesFor(record.game).setup(first),
  };
  return { ...started, deadline: deadlineFrom(started, now) };
};

/** The seat after `seat`, in seat order. */
export const nextSeat = (record: RoomRecord, seat: Seat): Seat => (seat + 1) % record.seats.length;

/** When every seat is filled: a waiting room starts; a finished game that lost a player starts over. */
export const startIfFull = (record: RoomRecord, now: number): RoomRecord => {
  if (record.seats.some((holder) => holder === null)) return record;
  if (record.status === 'waiting') return startRound(record, record.round, record.firstTurn, now);
  if (isOver(record)) return startRound(record, record.round + 1, nextSeat(record, record.firstTurn), now);
  return record;
};

/** Ends a game in progress because `losers` lost it off the board: the one other seat wins, else a draw. */
export const endGame = (record: RoomRecord, losers: readonly Seat[], reason: EndReason): RoomRecord => {
  const others = record.seats.map((_, seat) => seat).filter((seat) => !losers.includes(seat));
  const outcome: Outcome = others.length === 1 ? { status: 'won', winner: others[0] as Seat } : { status: 'draw' };
  return { ...record, status: outcome.status, winner: outcome.status === 'won' ? outcome.winner : null, reason, deadline: null, rematch: [] };
};

/**
 * Checks of a move, in the order the protocol documents (so which code wins
 * is fixed): the game is over, it has not started, a spectator, not this
 * seat's turn, then the game's own rules.
 */
export const moveStep = (record: RoomRecord, connectionId: string, move: unknown, now: number): Change => {
  const rules = rulesFor(record.game);
  if (isOver(record)) throw new GameOverError();
  if (record.status === 'waiting') throw new NotYourTurnError('the game has not started: waiting for an opponent');
  const seat = seatOf(record, connectionId);
  if (seat === null) throw new NotYourTurnError('spectators cannot move');
  if (!rules.toMove(record.state).includes(seat)) throw new NotYourTurnError();
  const illegal = rules.validate(record.state, move, seat);
  if (illegal !== undefined) throw new IllegalMoveError(illegal);

  const state = rules.apply(record.state, move, seat);
  const outcome = rules.outcome(state);
  let next: RoomRecord = { ...record, state, status: outcome.status, winner: outcome.status === 'won' ? outcome.winner : null };
  if (outcome.status === 'playing') {
    // A new deadline only when a seat that was not to move now is (a new turn). In a simultaneous phase, a seat
    // that acted leaves the others on the clock they already had: acting does not buy the slower one time.
    const before = rules.toMove(record.state);
    const newTurn = rules.toMove(state).some((seat) => !before.includes(seat));
    next = { ...next, deadline: newTurn ? deadlineFrom(next, now) : record.deadline };
  } else {
    next = { ...next, reason: outcome.status === 'won' ? 'win' : 'draw', deadline: null };
  }
  return { record: next, events: [{ type: 'moved', fields: { by: seat, move } }] };
};

/** Records a seated player's wish for a rematch; when every seat has asked, the next round starts with the next seat. */
export const rematchStep = (record: RoomRecord, connectionId: string, now: number): Change => {
  const seat = seatOf(record, connectionId);
  if (seat === null) throw new BadRequestError('only seated players can ask for a rematch');
  if (!isOver(record)) throw new BadRequestError('there is no finished game to rematch');
  if (record.seats.some((holder) => holder === null)) {
    throw new BadRequestError('a seat is empty: a new game starts when a player takes it');
  }
  if (record.rematch.includes(seat)) throw new BadRequestError('you already asked for a rematch; waiting for your opponent');
  const requested = [...record.rematch, seat].sort((a, b) => a - b);
  if (requested.length < record.seats.length) {
    return { record: { ...record, rematch: requested }, events: [{ type: 'rematch', fields: { requested, started: false } }] };
  }
  return {
    record: startRound(record, record.round + 1, nextSeat(record, record.firstTurn), now),
    events: [{ type: 'rematch', fields: { requested, started: true } }],
  };
};

/**
 * What the clock has decided by `now`: a turn that ran out ends the game
 * (`timeout`: the seats that were to move lose), and a seat whose player did
 * not come back in time is freed (`abandoned`: a game in progress is lost).
 * Every action and `sync` runs this first, and so does the timer that fires
 * at the deadline, so a late or lost timer never lets a game outlive it.
 * Undefined when nothing is due.
 */
export const expireStep = (record: RoomRecord, now: number): Change | undefined => {
  let next = record;
  const events: EventDraft[] = [];
  if (next.status === 'playing' && next.deadline !== null && now >= next.deadline) {
    const late = toMoveOf(next);
    next = endGame(next, late, 'timeout');
    events.push({ type: 'ended', fields: { reason: 'timeout', seats: late } });
  }
  const gone = next.seats.flatMap((holder, seat) => (holder !== null && holder.connectionId === null && holder.returnBy !== undefined && now >= holder.returnBy ? [seat] : []));
  if (gone.length > 0) {
    const holders = gone.map((seat) => next.seats[seat] as SeatHolder);
    if (next.status === 'playing') {
      next = endGame(next, gone, 'abandoned');
      events.push({ type: 'ended', fields: { reason: 'abandoned', seats: gone } });
    }
    next = { ...next, seats: next.seats.map((holder, seat) => (gone.includes(seat) ? null : holder)), rematch: [] };
    gone.forEach((seat, index) => events.push({ type: 'left', fields: { playerId: (holders[index] as SeatHolder).playerId, seat } }));
  }
  return events.length === 0 ? undefined : { record: next, events };
};

/** The earliest moment `expireStep` will have something to do, for scheduling a timer; undefined when nothing is pending. */
export const nextDeadline = (record: RoomRecord): number | undefined => {
  const moments = [
    ...(record.status === 'playing' && record.deadline !== null ? [record.deadline] : []),
    ...record.seats.flatMap((holder) => (holder !== null && holder.connectionId === null && holder.returnBy !== undefined ? [holder.returnBy] : [])),
  ];
  return moments.length === 0 ? undefined : Math.min(...moments);
};
