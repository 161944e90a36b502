import { NotInRoomError } from '../errors';
import type { ChatRequest, RematchRequest } from '../protocol';
import type { RoomRecord } from '../rooms/record';
import type { RequestOf } from '../schemas';
import { chat as chatStep, move as moveStep, rematch as rematchStep, type Change } from '../rooms/room';
import { deliver } from './deliver';
import type { Deps, Sender } from './deps';
import { requireRoom } from './require-room';
import { updateRoom } from './update-room';

/** The shape shared by every in-room action: check membership, apply one domain step, deliver its events. */
const inRoom =
  <R extends { room: string }>(step: (record: RoomRecord, sender: Sender, request: R) => Change) =>
  async (deps: Deps, sender: Sender, request: R): Promise<void> => {
    requireRoom(sender.connection, request.room);
    const update = await updateRoom(deps, request.room, (current) => {
      if (current === undefined) throw new NotInRoomError(request.room);
      return step(current, sender, request);
    });
    await deliver(deps, {
      room: request.room,
      events: update.events,
      members: update.members,
      sender: sender.connection.connectionId,
      ...(sender.re === undefined ? {} : { re: sender.re }),
    });
  };

// The move's fields are the room's game's business: validated by its schema, read by its rules.
export const move = inRoom<RequestOf<'move'>>((record, { connection }, request) => moveStep(record, connection.connectionId, request));

export const chat = inRoom<ChatRequest>((record, { connection }, request) =>
  chatStep(record, connection.connectionId, { playerId: connection.playerId ?? connection.connectionId, name: connection.name ?? '' }, request.text),
);

export const rematch = inRoom<RematchRequest>((record, { connection }) => rematchStep(record, connection.connectionId));
