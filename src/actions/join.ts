import { ConflictError, RateLimitedError, RoomFullError } from '../errors';
import type { JoinRequest, WelcomeReply } from '../protocol';
import { chargeTat } from '../rate-limit';
import { newRoom, type RoomOptions } from '../rooms/new-room';
import { currentStateFor } from '../rooms/present';
import type { RoomRecord } from '../rooms/record';
import { joinStep, type JoinDecision } from '../rooms/seats';
import { playerIdOfIdentity } from '../rooms/seat-tokens';
import { deliver, replyTo } from './deliver';
import { depart } from './depart';
import type { Deps, Sender } from './deps';
import { updateGame, type GameUpdate } from './update-game';

const MAX_ATTEMPTS = 10;

/** The options of a room that `join` creates (a code nobody used yet): private, no clock. */
export const defaultRoomOptions = (deps: Deps): RoomOptions => ({ game: deps.settings.defaultGame, visibility: 'private', clock: null, reconnectSeconds: deps.settings.reconnectSeconds });

export interface JoinOptions {
  /** The options of the room when this join creates it (otherwise `defaultRoomOptions`). */
  create?: RoomOptions;
  /** The room must not exist yet: its id was just drawn by the server. */
  fresh?: boolean;
  /** Only a seat will do (quick play): no spectator, and a room that does not exist yet is not created. */
  seatOnly?: boolean;
  /** The caller already charged the join meter (quick play charges once for all its attempts). */
  metered?: boolean;
}

/** Quick play found no free seat where it looked (full, gone, or not created yet): it looks again. */
export class NoSeatThere extends ConflictError {
  constructor(
    room: string,
    readonly missing: boolean,
  ) {
    super(`no free seat in room ${room}`);
  }
}

/**
 * Joins a room: takes a seat (or takes one back with its token), or watches.
 *
 * One connection, one room, one seat: the join first moves the connection's
 * claim from the room it was in to this one with a compare-and-set, so of
 * concurrent joins from one socket exactly one proceeds. The membership exists
 * before the write that fixes the welcome's seq, so no event numbered after
 * the welcome can miss this connection. A spectator only moves the room's
 * counters (nobody is told: a crowd filling a room costs one write each, not a
 * message to everyone); a seat is a game write, announced to the room. Only
 * once the new room accepted the join is the old one left (and told).
 */
export const join = async (deps: Deps, sender: Sender, request: JoinRequest, options: JoinOptions = {}): Promise<WelcomeReply> => {
  const { connection, re } = sender;
  const { connectionId } = connection;
  const { room, name, token } = request;
  const { create } = options;
  const alreadyHere = connection.room === room;
  // The room this connection was in, or still entering (a join that has not settled yet): it is left once this one is accepted.
  const previousRoom = alreadyHere ? undefined : (connection.claim ?? connection.room);

  if (!alreadyHere) {
    const charge = chargeTat(deps.settings.joinLimit, connection.joinTat, deps.clock());
    if (!charge.admitted && options.metered !== true) throw new RateLimitedError(charge.retryAfterMs, 'joins');
    if (!(await deps.connections.enter(connectionId, room, connection.claim, charge.admitted ? charge.tat : (connection.joinTat ?? deps.clock())))) {
      throw new ConflictError('another join from this connection is in progress; one connection is in one room');
    }
  }

  const identity =
    connection.identity === undefined ? undefined : { subject: connection.identity, playerId: playerIdOfIdentity(connection.identity, deps.settings.authSecret ?? '') };
  const decideFor = (record: RoomRecord | undefined, now: number): JoinDecision => {
    if (record !== undefined && options.fresh === true) throw new ConflictError(`room id ${room} is taken; try again`);
    if (record === undefined && options.seatOnly === true) throw new NoSeatThere(room, true);
    const decision = joinStep(record ?? newRoom(room, create ?? defaultRoomOptions(deps), now), {
      connectionId,
      name,
      newPlayerId: deps.random.playerId(),
      newToken: deps.random.seatToken(),
      newSpectatorToken: deps.random.spectatorToken(),
      now,
      ...(token === undefined ? {} : { token }),
      ...(identity === undefined ? {} : { identity }),
      ...(alreadyHere && connection.playerId !== undefined ? { current: { playerId: connection.playerId, seat: connection.seat ?? null } } : {}),
    });
    if (options.seatOnly === true && decision.kind !== 'seat') throw new NoSeatThere(room, false);
    return decision;
  };

  let membership: boolean | undefined;
  try {
    let record = await deps.rooms.get(room);
    for (let attempt = 0; ; attempt++) {
      if (attempt === MAX_ATTEMPTS) throw new ConflictError(`room ${room} changed too often to join; try again`);
      let decision = decideFor(record, deps.clock());
      const watching = decision.kind === 'watch';
      // Heard from before the write that numbers the welcome; a retry that changes seat-or-watch rewrites it.
      if (!alreadyHere && membership !== watching) {
        await deps.members.add(room, connectionId, watching);
        membership = watching;
      }
      let update: GameUpdate | undefined;
      if (decision.kind === 'seat') {
        update = await updateGame(
          deps,
          room,
          (current, now) => {
            decision = decideFor(current, now);
            return decision.kind === 'seat' ? decision.change : undefined;
          },
          { record },
        );
        if (update.refusal !== undefined) await deliver(deps, { room, record: update.record, events: update.events, members: update.members });
        if (decision.kind !== 'seat' || update.refusal !== undefined) {
          record = update.record;
          continue;
        }
      } else if (decision.kind === 'watch' && !alreadyHere) {
        const watched = await deps.rooms.watch(room, 1, deps.settings.maxRoomMembers);
        if (watched === 'full') throw new RoomFullError(room, deps.settings.maxRoomMembers);
        if (watched === 'missing') {
          // Nobody created it yet: create it empty (a spectator link to a new room), then watch.
          await deps.rooms.write(newRoom(room, create ?? defaultRoomOptions(deps), deps.clock()), undefined, { events: 0 });
          record = await deps.rooms.get(room);
          continue;
        }
        record = watched;
      }
      const current = update?.record ?? record;
      if (current === undefined) continue;
      return await welcome(deps, { connectionId, re, room, name, previousRoom, connection }, decision, current, update);
    }
  } catch (error) {
    // Refused: leave no trace of the attempt, and give the claim back to the room the connection is still in.
    if (!alreadyHere) {
      if (membership !== undefined) await deps.members.remove(room, connectionId);
      await deps.connections.release(connectionId, room, connection.claim);
    }
    throw error;
  }
};

interface Joiner {
  connectionId: string;
  re: string | undefined;
  room: string;
  name: string;
  previousRoom: string | undefined;
  connection: Sender['connection'];
}

/** The room accepted the join: settle the connection there, leave the old room, tell a displaced connection, answer. */
const welcome = async (deps: Deps, joiner: Joiner, decision: JoinDecision, record: RoomRecord, update: GameUpdate | undefined): Promise<WelcomeReply> => {
  const { connectionId, re, room, name } = joiner;
  const you = decision.you;
  if (!(await deps.connections.settle(connectionId, { room, playerId: you.playerId, name, seat: you.seat }))) {
    // Another join from this connection moved its claim on while this one was being written (or it closed):
    // this room must not keep it, seat or watcher.
    await depart(deps, joiner.connection, room, 'leave');
    throw new ConflictError('another join from this connection was accepted first; one connection is in one room');
  }
  // A refused join must not have cost the old room, so it is left only now.
  if (joiner.previousRoom !== undefined) await depart(deps, joiner.connection, joiner.previousRoom, 'leave');
  const displaced = decision.kind === 'seat' ? decision.displaced : undefined;
  if (displaced !== undefined && you.seat !== null) {
    // Its later $disconnect then finds it in no room and says nothing: the seat is played, not left.
    await deps.members.remove(room, displaced);
    await deps.connections.exit(displaced, room);
    await replyTo(deps, displaced, { type: 'evicted', room, seat: you.seat, reason: 'this seat was taken back by another connection of its player' }, room);
  }
  const reply: WelcomeReply = {
    type: 'welcome',
    ...(re === undefined ? {} : { re }),
    room,
    you,
    seq: record.seq,
    state: currentStateFor(record, you.seat),
  };
  await deliver(deps, { room, record, events: update?.events ?? [], members: update?.members, sender: connectionId, reply });
  return reply;
};
