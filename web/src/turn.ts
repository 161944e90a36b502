import type { You } from '../../src/client';
import type { RoomState } from '../../src/protocol';
import { seatColour } from './messages';

/** The line above the board: whose turn it is, or why nobody can move. */
export const turnText = (state: RoomState, you: You): { text: string; mine: boolean } => {
  const name = (seat: number) => state.players.find((p) => p.seat === seat)?.name ?? 'the other player';
  switch (state.status) {
    case 'waiting':
      return { text: 'Waiting for an opponent: send them the link.', mine: false };
    case 'won':
    case 'draw':
      return { text: 'Game over.', mine: false };
    case 'playing': {
      const turn = state.turn ?? 0;
      if (turn === you.seat) return { text: `Your turn (${seatColour(turn)}).`, mine: true };
      const offline = state.players.find((p) => p.seat === turn)?.online === false ? ' (offline: the game waits)' : '';
      return { text: `${name(turn)}'s turn (${seatColour(turn)})${offline}.`, mine: false };
    }
  }
};
