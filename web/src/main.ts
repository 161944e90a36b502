/**
 * The game page: a lobby, then a room. Everything it knows about the room
 * comes from the client library's events (in seq order, resynced after a
 * reconnect), so the page only renders.
 */
import { connect } from '../../src/client';
import type { WelcomeReply } from '../../src/protocol';
import { showConnection } from './connection-indicator';
import { byId } from './dom';
import { GameScreen } from './game';
import { games } from './games';
import { LobbyView } from './lobby';
import { RoomLists } from './lobby-rooms';
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

  /** Enters the room a join, create or quick play answers; the room goes into the URL, ready to share or reload. */
  const enter = async (name: string, request: () => Promise<WelcomeReply>): Promise<void> => {
    let welcome: WelcomeReply;
    try {
      welcome = await request();
    } catch (error) {
      throw new Error(describeError(error), { cause: error });
    }
    saveName(name);
    setTabRoom(welcome.room);
    showRoomInUrl(welcome.room);
  };
  const lobby = new LobbyView(
    {
      join: (room, name) => enter(name, () => client.join(room, name)),
      create: (options) => enter(options.name, () => client.create(options)),
      quickplay: (id, name) => enter(name, () => client.quickplay(id, name)),
    },
    games(),
  );
  const lists = new RoomLists(client, games(), (room) => lobby.enter(room));
  const showLobby = (): void => {
    lobby.show(roomInUrl());
    lists.start();
  };

  client.on('connection', (state) => {
    showConnection(badge, state);
    game.connectionChanged(state);
    lists.connectionChanged(state);
  });
  client.on('event', (event) => game.onEvent(event));
  client.on('room', (view) => {
    if (view !== undefined) {
      lists.stop();
      lobby.hide();
      game.update(view);
      return;
    }
    // Left (or put out of) the room: back to the lobby, still invited to it by the URL.
    game.hide();
    setTabRoom(undefined);
    showLobby();
  });
  // Said after the lobby is back (`room` undefined comes first), so it stays on screen there.
  client.on('evicted', () => lobby.notify('Your seat was taken by another window.'));
  // The browser knows the network is back before the next backoff step would.
  window.addEventListener('online', () => client.reconnectNow());

  const invited = roomInUrl();
  showLobby();
  // A reload of a tab that was in this room goes straight back in (and takes its seat back).
  if (invited !== undefined && tabRoom() === invited && savedName() !== '') lobby.enter(invited);
};

start();
