import type { GenericSchema } from 'valibot';
import type { Seat } from '../protocol';

export type Outcome = { status: 'playing' } | { status: 'won'; winner: Seat } | { status: 'draw' };

/**
 * Who is looking at a game: a seat, or `null` for everyone else (spectators,
 * the lobby, log lines). A view for `null` is the public one.
 */
export type Viewer = Seat | null;

/**
 * The rules of one turn-based game, as one plain object of pure functions
 * (the shape of a boardgame.io game). Everything about rooms, seats, clocks,
 * sequencing and delivery lives outside: a new game is one file implementing
 * this interface plus one line in `registry.ts`, with no change to rooms,
 * actions, handlers or the broadcast.
 *
 * Implementations are pure: no I/O, no clock, no randomness, and they never
 * mutate their inputs. `State` must be JSON (it is stored and replayed).
 *
 * Hidden information: nothing of `State` leaves the server except through
 * `view` and `describeMove`. Every path out (live events, welcome, sync,
 * snapshots, the lobby, logs) calls them with the viewer it sends to, so a
 * game only has to say what each viewer may see.
 */
export interface GameRules<State = unknown, Move = unknown> {
  /** Stored with each room and sent as `state.game`; also what `create` and `quickplay` name. */
  readonly id: string;
  /** For people: the lobby and the page. */
  readonly title: string;
  /** Players needed to start. */
  readonly seats: number;
  /**
   * Schema of the game's own fields of a `move` message (the protocol adds
   * `action`, `id` and `room`): a strict object, or a variant of strict
   * objects for a game with several kinds of move. Validated before the rules
   * see a move, so `validate` and `apply` get the typed `Move`.
   */
  readonly moveSchema: GenericSchema<unknown, Move>;
  /** A fresh game in which `first` is the seat that starts (rooms alternate it between rounds). */
  setup(first: Seat): State;
  /**
   * The seats expected to act now, so turn order lives with the rules: one
   * seat in a game of alternating turns, several in a simultaneous phase
   * (both players placing their fleets), none once the game is over.
   */
  toMove(state: State): Seat[];
  /** Why `seat` may not play `move` now, or undefined when it may. Only called for a seat in `toMove`. */
  validate(state: State, move: Move, seat: Seat): string | undefined;
  /** The state after a validated move. */
  apply(state: State, move: Move, seat: Seat): State;
  /** Where the game stands (after a move). */
  outcome(state: State): Outcome;
  /**
   * Game fields of the room state as `viewer` may see them. With `reveal`
   * (the game is over) everything is shown to everyone.
   */
  view(state: State, viewer: Viewer, reveal: boolean): Record<string, unknown>;
  /** Game fields of the `moved` event, as `viewer` may see them; `after` is the state the move produced. */
  describeMove(move: Move, seat: Seat, after: State, viewer: Viewer, reveal: boolean): Record<string, unknown>;
}
