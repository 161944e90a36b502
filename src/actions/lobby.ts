import { Limits, type RoomsRequest } from '../protocol';
import { replyTo } from './deliver';
import type { Deps, Sender } from './deps';

/**
 * A page of the lobby: public rooms of a game waiting for a player or being
 * played, oldest first. A Query of an index, never a Scan; private, finished
 * and empty rooms are not in it. What it shows is public by construction:
 * names, counts and the clock, never a game's state.
 */
export const listRooms = async (deps: Deps, { connection, re }: Sender, request: RoomsRequest): Promise<void> => {
  const page = await deps.lobby.page(request.game, request.status, Limits.lobbyPage, request.cursor);
  await replyTo(deps, connection.connectionId, { type: 'rooms', ...(re === undefined ? {} : { re }), rooms: page.rooms, ...(page.cursor === undefined ? {} : { cursor: page.cursor }) });
};
