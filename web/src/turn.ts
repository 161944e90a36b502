import type { You } from '../../src/client';
import type { RoomState, Seat } from '../../src/protocol';
import type { GameRenderer, TurnLine } from './games/types';

/** A name with the seat's label when the game has one: "Ada (red)". */
export const labelled = (renderer: GameRenderer, seat: Seat, name: string): string => {
  const label = renderer.seatLabel(seat);
  return label === undefined ? name : `${name} (${label})`;
};

/** The line above the game: whose turn it is (`toMove`), or why nobody can move. The game may word it itself. */
export const turnText = (renderer: GameRenderer, state: RoomState, you: You, nameOf: (seat: Seat) => string): TurnLine => {
  switch (state.status) {
    case 'waiting':
      return { text: 'Waiting for an opponent: send them the link.', mine: false };
    case 'won':
    case 'draw':
      return { text: 'Game over.', mine: false };
    case 'playing': {
      const own = renderer.turnLine?.(state, you, nameOf);
      if (own !== undefined) return own;
      if (you.seat !== null && state.toMove.includes(you.seat)) {
        const label = renderer.seatLabel(you.seat);
        return { text: `Your turn${label === undefined ? '' : ` (${label})`}.`, mine: true };
      }
      const waiting = state.toMove.map((seat) => {
        const offline = state.players.find((p) => p.seat === seat)?.online === false;
        const notes = [renderer.seatLabel(seat), offline ? 'offline' : undefined].filter((note) => note !== undefined);
        return notes.length === 0 ? nameOf(seat) : `${nameOf(seat)} (${notes.join(', ')})`;
      });
      return { text: `Waiting for ${waiting.join(' and ')}.`, mine: false };
    }
  }
};
