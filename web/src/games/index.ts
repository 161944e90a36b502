import { battleship } from './battleship';
import { connectFour } from './connect-four';
import type { GameActions, GameRenderer, GameView } from './types';

/** Every game the page can show, in the order the lobby offers them. Adding a game's renderer is one line here. */
export const renderers: readonly GameRenderer[] = [connectFour, battleship];

/** The games the lobby offers: id and title. */
export const games = (): { id: string; title: string }[] => renderers.map(({ id, title }) => ({ id, title }));

/** A room of a game this page has no renderer for (a newer server): said plainly instead of drawn wrong. */
const unknownGame = (id: string): GameRenderer => ({
  id,
  title: id,
  seats: 2,
  seatLabel: () => undefined,
  drawText: 'Draw.',
  mount(root: HTMLElement, _actions: GameActions): GameView {
    const text = document.createElement('p');
    text.className = 'notice';
    text.textContent = `This page cannot show "${id}" yet: reload it, or try another room.`;
    root.replaceChildren(text);
    return { render: () => {}, onEvent: () => {}, onKey: () => false, destroy: () => {} };
  },
});

export const rendererFor = (game: string): GameRenderer => renderers.find((renderer) => renderer.id === game) ?? unknownGame(game);
