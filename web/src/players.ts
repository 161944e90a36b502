import type { You } from '../../src/client';
import type { RoomState } from '../../src/protocol';
import { el } from './dom';
import type { GameRenderer } from './games/types';

/** Every seat of the game (who sits there, whether they are online, whether they are to move) and how many watch. */
export const renderPlayers = (list: HTMLElement, spectators: HTMLElement, renderer: GameRenderer, state: RoomState, you: You): void => {
  const seats = Array.from({ length: renderer.seats }, (_, seat) => {
    const player = state.players.find((p) => p.seat === seat);
    const label = renderer.seatLabel(seat);
    // A game whose seats have no colour gets no colour dot either.
    const swatch = label === undefined ? [] : [el('span', { className: `swatch seat-${seat}`, attrs: { 'aria-hidden': 'true' } })];
    if (player === undefined) {
      return el('li', { attrs: { 'data-seat': String(seat) } }, [...swatch, el('span', { className: 'player-name muted', text: 'Waiting for a player…' })]);
    }
    const isYou = player.playerId === you.playerId;
    const name = `${player.name}${isYou ? ' (you)' : ''}`;
    const online = el('span', { className: `presence${player.online ? '' : ' offline'}`, text: player.online ? 'online' : 'offline' });
    const toMove = state.status === 'playing' && state.toMove.includes(seat);
    return el('li', { className: toMove ? 'turn-now' : '', attrs: { 'data-seat': String(seat), 'aria-label': [name, label, online.textContent].filter(Boolean).join(', ') } }, [
      ...swatch,
      el('span', { className: 'player-name', text: name }),
      online,
    ]);
  });
  list.replaceChildren(...seats);
  const watching = state.spectators;
  spectators.textContent = watching === 0 ? 'Nobody is watching.' : `${watching} ${watching === 1 ? 'spectator' : 'spectators'} watching${you.seat === null ? ', you included' : ''}.`;
};
