import { NotInRoomError } from '../errors';
import type { ConnectionRecord } from '../ports/connections';

/** A connection may act only in the room it is a member of. */
export const requireMember = (connection: ConnectionRecord, room: string): Required<Pick<ConnectionRecord, 'room' | 'playerId'>> & ConnectionRecord => {
  if (connection.room !== room || connection.playerId === undefined) throw new NotInRoomError(room);
  return connection as Required<Pick<ConnectionRecord, 'room' | 'playerId'>> & ConnectionRecord;
};
