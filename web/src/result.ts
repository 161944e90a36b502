import type { You } from '../../src/client';
import type { RoomState } from '../../src/protocol';
import { seatColour } from './messages';

const nameOf = (state: RoomState, seat: number): string => state.players.find((p) => p.seat === seat)?.name ?? `${seatColour(seat)}`;

/** The win/draw banner and its rematch button. */
export const renderResult = (
  parts: { root: HTMLElement; text: HTMLElement; rematch: HTMLButtonElement; status: HTMLElement },
  state: RoomState,
  you: You,
): void => {
  const over = state.status === 'won' || state.status === 'draw';
  parts.root.hidden = !over;
  if (!over) return;
  if (state.status === 'draw') parts.text.textContent = 'Draw: the board is full.';
  else if (state.winner === you.seat) parts.text.textContent = 'You win!';
  else if (state.winner !== null && you.seat !== null) parts.text.textContent = `${nameOf(state, state.winner)} wins. Well played!`;
  else if (state.winner !== null) parts.text.textContent = `${nameOf(state, state.winner)} (${seatColour(state.winner)}) wins!`;

  const seated = you.seat !== null;
  const asked = seated && state.rematch.includes(you.seat as number);
  parts.rematch.hidden = !seated;
  parts.rematch.disabled = asked;
  parts.rematch.textContent = asked ? 'Rematch asked' : 'Rematch';
  const others = state.rematch.filter((seat) => seat !== you.seat).map((seat) => nameOf(state, seat));
  parts.status.textContent = others.length > 0 ? `${others.join(' and ')} wants a rematch.` : asked ? 'Waiting for your opponent…' : '';
};
