/**
 * The game page: a lobby, then a room. Everything it knows about the room
 * comes from the client library's events (in seq order, resynced after a
 * reconnect), so the page only renders.
 */
import { connect } from '../../src/client';
import { showConnection } from './connection-indicator';
import { byId } from './dom';
import { GameScreen } from './game';
import { LobbyView } from './lobby';
import { describeError } from './messages';
import { saveName, savedName, setTabRoom, tabRoom } from './preferences';
import { roomInUrl, showRoomInUrl } from './room-link';

const websocketUrl = document.querySelector<HTMLMetaElement>('meta[name="arena-websocket-url"]')?.content ?? '';

const start = (): void => {
  const badge = byId('connection');
  if (!/^wss?:\/\//.test(websocketUrl)) {
    // Opened from disk or a server that did not fill the placeholder: nothing to connect to.
    showConnection(badge, 'closed');
    badge.textContent = 'No game server configured for this page';
    return;
  }
  const client = connect(websocketUrl);
  const game = new GameScreen(client);
  const lobby = new LobbyView(async (room, name) => {
    try {
      await client.join(room, name);
    } catch (error) {
      throw new Error(describeError(error), { cause: error });
    }
    saveName(name);
    setTabRoom(room);
    showRoomInUrl(room);
  });

  client.on('connection', (state) => {
    showConnection(badge, state);
    game.connectionChanged(state);
  });
  client.on('event', (event) => game.onEvent(event));
  client.on('room', (view) => {
    if (view !== undefined) {
      lobby.hide();
      game.update(view);
      return;
    }
    // Left (or put out of) the room: back to the lobby, still invited to it by the URL.
    game.hide();
    setTabRoom(undefined);
    lobby.show(roomInUrl());
  });
  // The browser knows the network is back before the next backoff step would.
  window.addEventListener('online', () => client.reconnectNow());

  const invited = roomInUrl();
  lobby.show(invited);
  // A reload of a tab that was in this room goes straight back in (and takes its seat back).
  if (invited !== undefined && tabRoom() === invited && savedName() !== '') lobby.enter(invited);
};

start();
