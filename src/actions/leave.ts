import type { LeaveRequest } from '../protocol';
import { depart } from './depart';
import type { Deps, Sender } from './deps';
import { requireRoom } from './require-room';

export const leave = async (deps: Deps, { connection, re }: Sender, request: LeaveRequest): Promise<void> => {
  requireRoom(connection, request.room);
  await depart(deps, connection, request.room, 'leave', re);
  await deps.connections.setRoom(connection.connectionId, undefined);
};
