import type { ConnectionRecord } from '../ports/connections';
import { disconnect, leave } from '../rooms/room';
import { deliver } from './deliver';
import type { Deps } from './deps';
import { updateRoom } from './update-room';

/**
 * Takes a connection out of a room, on purpose (`leave`: a seat is given up)
 * or because it closed (`disconnect`: a seat stays reserved for its token).
 * The membership goes first, so the departing connection is not sent the news.
 */
export const depart = async (
  deps: Deps,
  connection: ConnectionRecord,
  room: string,
  how: 'leave' | 'disconnect',
  re?: string,
): Promise<void> => {
  await deps.members.remove(room, connection.connectionId);
  const step = how === 'leave' ? leave : disconnect;
  const update = await updateRoom(deps, room, (current) =>
    current === undefined ? undefined : step(current, connection.connectionId, connection.playerId ?? connection.connectionId),
  );
  await deliver(deps, {
    room,
    events: update.events,
    members: update.members,
    ...(how === 'leave' ? { sender: connection.connectionId, ...(re === undefined ? {} : { re }) } : {}),
  });
};
