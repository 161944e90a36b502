import type { You } from '../../src/client';
import type { RoomState, Seat } from '../../src/protocol';
import type { GameRenderer } from './games/types';
import { labelled } from './turn';

const listOf = (names: string[]): string => (names.length <= 1 ? (names[0] ?? 'Nobody') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);

/**
 * The result in words, for this viewer: who won and why, including the
 * endings nobody played on the board (`forfeit`, `timeout`, `abandoned`).
 * The losers are every seat but the winner, named as last seen (a player who
 * left is no longer in `players`).
 */
export const resultText = (renderer: GameRenderer, state: RoomState, you: You, nameOf: (seat: Seat) => string): string => {
  const seats = Array.from({ length: renderer.seats }, (_, seat) => seat);
  const who = (seat: Seat): string => (seat === you.seat ? 'You' : nameOf(seat));
  if (state.status === 'draw') {
    if (state.reason === 'timeout') return 'Time ran out for everyone: draw.';
    if (state.reason === 'abandoned') return 'Nobody came back: draw.';
    return renderer.drawText;
  }
  const winner = state.winner;
  if (winner === null) return 'Game over.';
  const losers = listOf(seats.filter((seat) => seat !== winner).map(who));
  const wins = winner === you.seat ? 'you win!' : `${nameOf(winner)} wins.`;
  switch (state.reason) {
    case 'timeout':
      return `${losers} ran out of time: ${wins}`;
    case 'abandoned':
      return `${losers} left and did not come back: ${wins}`;
    case 'forfeit':
      return `${losers} left the game: ${wins}`;
    default:
      if (winner === you.seat) return 'You win!';
      if (you.seat !== null) return `${nameOf(winner)} wins. Well played!`;
      return `${labelled(renderer, winner, nameOf(winner))} wins!`;
  }
};

/** The result banner and its rematch button. */
export const renderResult = (
  parts: { root: HTMLElement; text: HTMLElement; rematch: HTMLButtonElement; status: HTMLElement },
  renderer: GameRenderer,
  state: RoomState,
  you: You,
  nameOf: (seat: Seat) => string,
): void => {
  const over = state.status === 'won' || state.status === 'draw';
  parts.root.hidden = !over;
  if (!over) return;
  parts.text.textContent = resultText(renderer, state, you, nameOf);
  const seated = you.seat !== null;
  const asked = seated && state.rematch.includes(you.seat as number);
  parts.rematch.hidden = !seated;
  parts.rematch.disabled = asked;
  parts.rematch.textContent = asked ? 'Rematch asked' : 'Rematch';
  const others = state.rematch.filter((seat) => seat !== you.seat).map(nameOf);
  parts.status.textContent = others.length > 0 ? `${listOf(others)} ${others.length === 1 ? 'wants' : 'want'} a rematch.` : asked ? 'Waiting for your opponent…' : '';
};
