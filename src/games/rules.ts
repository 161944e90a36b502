import type { ObjectEntries } from 'valibot';
import type { Seat } from '../protocol';

export type Outcome = { status: 'playing' } | { status: 'won'; winner: Seat } | { status: 'draw' };

/**
 * The rules of one turn-based game, as named lifecycle steps. Everything about
 * seats, rooms, sequencing and delivery lives outside: a new game is a new
 * implementation of this interface plus one line in `registry.ts`, with no
 * change to the handlers or the broadcast.
 *
 * Implementations are pure: no I/O, no clock, no randomness, and they never
 * mutate their inputs.
 */
export interface GameRules<Board = unknown, Move = unknown> {
  /** Stored with each room and sent as `state.game`. */
  readonly id: string;
  readonly seats: number;
  /**
   * Schemas of the game-specific fields of a `move` message (`{ column }` for
   * Connect Four); the protocol layer adds the envelope and validates the whole
   * message before these rules see it.
   */
  readonly moveEntries: ObjectEntries;
  initialBoard(): Board;
  /** Why `seat` may not play `move` on `board`, or undefined when it may. Turn order is checked before this. */
  validate(board: Board, move: Move, seat: Seat): string | undefined;
  /** The board after a validated move. */
  apply(board: Board, move: Move, seat: Seat): Board;
  /** The result after `seat` played `move`, which produced `board`. */
  outcome(board: Board, move: Move, seat: Seat): Outcome;
  /** Who moves after `seat`. */
  nextTurn(board: Board, seat: Seat): Seat;
  /** Game fields of the public room state. */
  view(board: Board): Record<string, unknown>;
  /** Game fields of the `moved` event. */
  describeMove(move: Move): Record<string, unknown>;
}
