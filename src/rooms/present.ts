import { rulesFor } from '../games/registry';
import type { Viewer } from '../games/rules';
import type { RoomEvent, RoomState, Seat } from '../protocol';
import type { RoomRecord, StateAt, StoredEvent } from './record';

/**
 * The only way room state and events leave the server. Everything a client
 * receives (live events, welcome, sync replays, snapshots) is built here for
 * one viewer, through the rules' `view` and `describeMove`, so hidden
 * information is kept by construction: no path can forget the view.
 */

/** The generic state of a room now, with the rules' full state, as stored with an event. */
export const stateAt = (record: RoomRecord): StateAt => ({
  game: record.game,
  round: record.round,
  status: record.status,
  reason: record.reason,
  winner: record.winner,
  deadline: record.status === 'playing' ? record.deadline : null,
  clock: record.clock,
  visibility: record.visibility,
  players: record.seats.flatMap((holder, seat) =>
    holder === null
      ? []
      : [{ seat, playerId: holder.playerId, name: holder.name, online: holder.connectionId !== null, ...(holder.returnBy === undefined ? {} : { returnBy: holder.returnBy }) }],
  ),
  spectators: record.spectators,
  rematch: record.rematch,
  state: record.state,
});

/** Once a game is over everybody may see everything. */
const revealed = (at: Pick<StateAt, 'status'>): boolean => at.status === 'won' || at.status === 'draw';

const toMoveAt = (at: StateAt): Seat[] => (at.status === 'playing' ? rulesFor(at.game).toMove(at.state) : []);

/** What `viewer` may see of the room at `at`. */
export const roomStateFor = (at: StateAt, viewer: Viewer): RoomState => {
  const toMove = toMoveAt(at);
  const { state, ...generic } = at;
  return {
    ...generic,
    toMove,
    turn: toMove.length === 1 ? (toMove[0] as Seat) : null,
    ...rulesFor(at.game).view(state, viewer, revealed(at)),
  };
};

/** What `viewer` may see of the room as it is now. */
export const currentStateFor = (record: RoomRecord, viewer: Viewer): RoomState => roomStateFor(stateAt(record), viewer);

/** One stored event as `viewer` may see it. */
export const presentEvent = (room: string, event: StoredEvent, viewer: Viewer): RoomEvent => {
  const { move, ...fields } = event.fields;
  const after = event.after;
  const described =
    event.type === 'moved' && after !== undefined
      ? rulesFor(after.game).describeMove(move, fields.by as Seat, after.state, viewer, revealed(after))
      : {};
  return {
    type: event.type,
    room,
    seq: event.seq,
    ...fields,
    ...described,
    ...(after === undefined ? {} : { state: roomStateFor(after, viewer) }),
  } as RoomEvent;
};

/** The seat a connection plays in the room, or null (the public view). */
export const viewerOf = (record: RoomRecord, connectionId: string): Viewer => {
  const seat = record.seats.findIndex((holder) => holder?.connectionId === connectionId);
  return seat === -1 ? null : seat;
};
