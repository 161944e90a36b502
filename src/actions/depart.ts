import type { ConnectionRecord } from '../ports/connections';
import { goOffline, leaveStep } from '../rooms/seats';
import { deliver } from './deliver';
import type { Deps } from './deps';
import { updateGame } from './update-game';

/**
 * Takes a connection out of a room, on purpose (`leave`: a seat is given up,
 * a game in progress forfeited) or because it closed (`disconnect`: a seat
 * stays reserved for `reconnectSeconds`). The membership goes first, so the
 * departing connection is not sent the news; a spectator only moves the
 * room's counters, nobody is told. Resolves to `answered` when the sender
 * of a `leave` got the room's `left` event as its answer.
 */
export const depart = async (
  deps: Deps,
  connection: ConnectionRecord,
  room: string,
  how: 'leave' | 'disconnect',
  re?: string,
): Promise<'answered' | 'watching' | 'none'> => {
  const member = await deps.members.remove(room, connection.connectionId);
  if (member === undefined) return 'none';
  if (member.watching) {
    await deps.rooms.watch(room, -1, deps.settings.maxRoomMembers);
    return 'watching';
  }
  const update = await updateGame(deps, room, (current, now) => {
    if (current === undefined) return undefined;
    return how === 'leave' ? leaveStep(current, connection.connectionId) : goOffline(current, [connection.connectionId], now);
  });
  const answered = how === 'leave' && update.refusal === undefined && update.events.some((event) => event.type === 'left');
  await deliver(deps, {
    room,
    record: update.record,
    events: update.events,
    members: update.members,
    ...(answered ? { sender: connection.connectionId, ...(re === undefined ? {} : { re }) } : {}),
  });
  return answered ? 'answered' : 'none';
};
