import type { MoveFields, You } from '../../../src/client';
import type { MovedEvent, RoomState, Seat } from '../../../src/protocol';

/** The turn line's words: `mine` marks the player's own turn (the page highlights it). */
export interface TurnLine {
  text: string;
  mine: boolean;
}

/** What a game's view gets from the room screen besides the state. */
export interface RenderContext {
  /** The connection is open: a move sent now goes out at once. */
  connected: boolean;
  /** A seat's player name (the last one known, even after they left). */
  nameOf: (seat: Seat) => string;
}

/** What a game's view may ask of the room screen. */
export interface GameActions {
  /** Sends a move: the game's own fields; a refusal is shown to the player by the room screen. */
  play(fields: MoveFields): void;
  /** A short message under the board ("That ship does not fit there."). */
  notify(text: string): void;
}

/** One room's game area, built by `GameRenderer.mount` and updated in place. */
export interface GameView {
  /** Shows `state` as `you` may see it; called after every change (an event, a snapshot, the connection). */
  render(state: RoomState, you: You, context: RenderContext): void;
  /** A `moved` event, in order, before the render of the state it produced: for animations. */
  onEvent(event: MovedEvent): void;
  /** A key pressed outside text fields (Connect Four's 1-7, Battleship's R); true when the game used it. */
  onKey(event: KeyboardEvent): boolean;
  /** The room is left: drop listeners and timers. */
  destroy(): void;
}

/**
 * Everything the page knows about one game, apart from the rules (which stay
 * on the server): its title, how its seats are called, its words for the turn
 * and the result where the generic ones do not fit, and how to draw it. The
 * room screen picks one by `state.game` (`games/index.ts`) and knows no more.
 */
export interface GameRenderer {
  /** The rules' id (`state.game`, what `create` and `quickplay` name). */
  readonly id: string;
  readonly title: string;
  /** Seats in a game, for the players list. */
  readonly seats: number;
  /** A seat's colour or role shown beside its player's name ("red"); undefined when seats have none. */
  seatLabel(seat: Seat): string | undefined;
  /** The turn line in the game's own words (Battleship's placement); undefined for the generic one. */
  turnLine?(state: RoomState, you: You, nameOf: (seat: Seat) => string): TurnLine | undefined;
  /** The result of a draw on the board ("Draw: the board is full."). */
  readonly drawText: string;
  /** Builds the game area in `root`, empty, for one room. */
  mount(root: HTMLElement, actions: GameActions): GameView;
}
