import { NotInRoomError } from '../errors';
import type { ConnectionRecord } from '../ports/connections';

/** A connection may act only in the room it joined. */
export const requireRoom = (connection: ConnectionRecord, room: string): void => {
  if (connection.room !== room) throw new NotInRoomError(room);
};
