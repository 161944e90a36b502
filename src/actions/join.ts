import { NotInRoomError } from '../errors';
import type { JoinRequest } from '../protocol';
import { viewOf } from '../rooms/events';
import { join as joinRoom, newRoom } from '../rooms/room';
import { deliver } from './deliver';
import { depart } from './depart';
import type { Deps, Sender } from './deps';
import { updateRoom } from './update-room';

/**
 * Joins a room: takes a seat (or reclaims one with its token), or watches.
 * A connection is in at most one room, so joining another leaves the first,
 * once the new room has accepted it.
 */
export const join = async (deps: Deps, { connection, re }: Sender, request: JoinRequest): Promise<void> => {
  const { connectionId } = connection;
  const { room, name, token } = request;
  const alreadyHere = connection.room === room;
  const previousRoom = alreadyHere ? undefined : connection.room;

  const provisionalId = deps.random.playerId();
  if (!alreadyHere) {
    // Recorded before the room changes, so `$disconnect` can always clean up after us,
    // and the membership exists before our event is numbered: no event can fall between
    // this connection's welcome and the first event it receives.
    if (!(await deps.connections.setRoom(connectionId, { room, playerId: provisionalId, name }))) return;
    await deps.members.add(room, connectionId);
  }

  let update;
  let you;
  let displaced: string | undefined;
  try {
    update = await updateRoom(deps, room, (current) => {
      const result = joinRoom(current ?? newRoom(room, deps.settings.defaultGame, deps.clock()), {
        connectionId,
        name,
        newPlayerId: provisionalId,
        newToken: deps.random.seatToken(),
        ...(token === undefined ? {} : { token }),
        ...(connection.identity === undefined ? {} : { identity: connection.identity }),
        ...(alreadyHere && connection.playerId !== undefined ? { currentPlayerId: connection.playerId } : {}),
      });
      you = result.you;
      displaced = result.displaced;
      return result;
    });
  } catch (error) {
    if (!alreadyHere) {
      // Refused: leave no trace of the attempt, and the connection where it was.
      await deps.members.remove(room, connectionId);
      await deps.connections.setRoom(
        connectionId,
        previousRoom === undefined ? undefined : { room: previousRoom, playerId: connection.playerId ?? provisionalId, name: connection.name ?? name },
      );
    }
    throw error;
  }
  // Only now that the new room took us: a refused join must not have cost the old seat.
  if (previousRoom !== undefined) await depart(deps, connection, previousRoom, 'leave');
  if (displaced !== undefined) {
    // Its later $disconnect then finds it in no room and says nothing: the seat is played, not left.
    await deps.members.remove(room, displaced);
    await deps.connections.setRoom(displaced, undefined);
  }
  if (update.record === undefined || you === undefined) throw new NotInRoomError(room);
  const joined: { playerId: string } = you;
  if (joined.playerId !== (alreadyHere ? connection.playerId : provisionalId)) {
    await deps.connections.setRoom(connectionId, { room, playerId: joined.playerId, name });
  }
  await deliver(deps, {
    room,
    events: update.events,
    members: update.members,
    sender: connectionId,
    reply: { type: 'welcome', ...(re === undefined ? {} : { re }), room, you, seq: update.record.seq, state: viewOf(update.record) },
  });
};
