import { NotInRoomError } from '../errors';
import type { JoinRequest, WelcomeReply } from '../protocol';
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

  // The membership exists before our event is numbered, so no event can fall between this
  // connection's welcome and the first event it receives. It only lets the connection *hear*
  // the room (which any spectator may); acting there waits for `setRoom` below.
  if (!alreadyHere) await deps.members.add(room, connectionId);

  let update;
  let you: WelcomeReply['you'] | undefined;
  let displaced: string | undefined;
  try {
    update = await updateRoom(deps, room, (current) => {
      const result = joinRoom(current ?? newRoom(room, deps.settings.defaultGame, deps.clock()), {
        connectionId,
        name,
        newPlayerId: deps.random.playerId(),
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
    // Refused: leave no trace of the attempt.
    if (!alreadyHere) await deps.members.remove(room, connectionId);
    throw error;
  }
  if (update.record === undefined || you === undefined) throw new NotInRoomError(room);

  // Only once the room accepted the join may the connection act in it; a concurrent message
  // from a join that is being refused still finds the connection where it was.
  if (!alreadyHere || you.playerId !== connection.playerId) {
    await deps.connections.setRoom(connectionId, { room, playerId: you.playerId, name });
  }
  // A refused join must not have cost the old seat, so the old room is left only now.
  if (previousRoom !== undefined) await depart(deps, connection, previousRoom, 'leave');
  if (displaced !== undefined) {
    // Its later $disconnect then finds it in no room and says nothing: the seat is played, not left.
    await deps.members.remove(room, displaced);
    await deps.connections.setRoom(displaced, undefined);
  }
  await deliver(deps, {
    room,
    events: update.events,
    members: update.members,
    sender: connectionId,
    reply: { type: 'welcome', ...(re === undefined ? {} : { re }), room, you, seq: update.record.seq, state: viewOf(update.record) },
  });
};
