import { NotInRoomError } from '../errors';
import type { SyncRequest } from '../protocol';
import { replay } from '../rooms/events';
import { replyTo } from './deliver';
import type { Deps, Sender } from './deps';
import { requireRoom } from './require-room';

/** Every event after `since` while the room still holds them, else a snapshot. Reads only. */
export const sync = async (deps: Deps, { connection, re }: Sender, request: SyncRequest): Promise<void> => {
  requireRoom(connection, request.room);
  const record = await deps.rooms.get(request.room);
  if (record === undefined) throw new NotInRoomError(request.room);
  await replyTo(deps, connection.connectionId, { ...replay(record, request.since), ...(re === undefined ? {} : { re }) }, request.room);
};
