import type { You } from '../../src/client';
import type { RoomState } from '../../src/protocol';
import { el } from './dom';
import { seatColour } from './messages';

/** Both seats (who sits there, whether they are online, whose turn it is) and how many watch. */
export const renderPlayers = (list: HTMLElement, spectators: HTMLElement, state: RoomState, you: You): void => {
  const seats = [0, 1].map((seat) => {
    const player = state.players.find((p) => p.seat === seat);
    const swatch = el('span', { className: `swatch seat-${seat}`, attrs: { 'aria-hidden': 'true' } });
    if (player === undefined) {
      return el('li', { attrs: { 'data-seat': String(seat) } }, [swatch, el('span', { className: 'player-name muted', text: 'Waiting for a player…' })]);
    }
    const isYou = player.playerId === you.playerId;
    const label = `${player.name}${isYou ? ' (you)' : ''}`;
    const online = el('span', { className: `presence${player.online ? '' : ' offline'}`, text: player.online ? 'online' : 'offline' });
    const turnNow = state.status === 'playing' && state.turn === seat;
    return el('li', { className: turnNow ? 'turn-now' : '', attrs: { 'data-seat': String(seat), 'aria-label': `${label}, ${seatColour(seat)}, ${online.textContent}` } }, [
      swatch,
      el('span', { className: 'player-name', text: label }),
      online,
    ]);
  });
  list.replaceChildren(...seats);
  const watching = state.spectators;
  spectators.textContent = watching === 0 ? 'Nobody is watching.' : `${watching} ${watching === 1 ? 'spectator' : 'spectators'} watching${you.seat === null ? ', you included' : ''}.`;
};
