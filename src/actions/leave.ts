import type { LeaveRequest } from '../protocol';
import { replyTo } from './deliver';
import { depart } from './depart';
import type { Deps, Sender } from './deps';
import { requireMember } from './require-member';

/** Leaves the room: a seat is given up (answered by the room's `left` event), a spectator just goes (answered directly). */
export const leave = async (deps: Deps, { connection, re }: Sender, request: LeaveRequest): Promise<void> => {
  const member = requireMember(connection, request.room);
  const held = await depart(deps, connection, request.room, 'leave', re);
  await deps.connections.exit(connection.connectionId, request.room);
  if (held !== 'answered') {
    await replyTo(deps, connection.connectionId, { type: 'left', ...(re === undefined ? {} : { re }), room: request.room, playerId: member.playerId, seat: null }, request.room);
  }
};
