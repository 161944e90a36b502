import * as v from 'valibot';
import { BadRequestError, NotInRoomError } from '../errors';
import { rulesFor } from '../games/registry';
import type { RematchRequest } from '../protocol';
import type { Change } from '../rooms/change';
import { moveStep, rematchStep, seatOf } from '../rooms/play';
import { chargeSeat } from '../rooms/seat-meter';
import { presentEvent, stateAt } from '../rooms/present';
import type { RoomRecord } from '../rooms/record';
import { findApplied, rememberApplied, requestHash } from '../rooms/requests';
import { describeIssue } from '../inbound';
import type { RequestOf } from '../schemas';
import { deliverUpdate } from './deliver-update';
import { replyTo } from './deliver';
import type { Deps, Sender } from './deps';
import { requireMember } from './require-member';
import { updateGame } from './update-game';

type RoomRequest = { room: string; id?: string } & Record<string, unknown>;

/** Which event answers each kind of game request (what a resend is answered with). */
const REPLY_TYPE = { move: 'moved', rematch: 'rematch' } as const;

/**
 * The shape of every request that changes a room's game: be a member, run
 * one room step on the fresh room, write it conditionally, deliver its
 * events. With an `id`, the request is applied exactly once: the room
 * remembers it in the same write, and a resend (after a socket died, from
 * another connection of the same player) is answered with the original
 * event instead of being applied again.
 */
const gameAction =
  <R extends RoomRequest>(kind: keyof typeof REPLY_TYPE, step: (record: RoomRecord, connectionId: string, request: R, now: number) => Change) =>
  async (deps: Deps, sender: Sender, request: R): Promise<void> => {
    const connection = requireMember(sender.connection, request.room);
    const { re } = sender;
    const hash = re === undefined ? undefined : requestHash(request);
    let resentOf: number | undefined;
    let seatCharged = false;
    const update = await updateGame(deps, request.room, (current, now) => {
      if (current === undefined) throw new NotInRoomError(request.room);
      if (re !== undefined && hash !== undefined) {
        const earlier = findApplied(current, connection.playerId, re, hash, now);
        if (earlier !== undefined) {
          resentOf = earlier.version;
          return undefined;
        }
      }
      let change = step(current, connection.connectionId, request, now);
      // The sender's seat pays for this request in the same write (when the connection has not paid already).
      const seat = seatOf(current, connection.connectionId);
      seatCharged = sender.meter !== undefined && seat !== null;
      if (seatCharged && seat !== null) change = { ...change, record: chargeSeat(change.record, seat, deps.settings.rateLimit, now) };
      if (re === undefined || hash === undefined) return change;
      return { ...change, record: rememberApplied(change.record, { playerId: connection.playerId, id: re, hash, version: current.version + 1, at: now }) };
    });
    if (seatCharged && update.events.length > 0 && update.refusal === undefined) sender.meter?.charged();
    if (resentOf !== undefined) return await answerResend(deps, sender, request.room, resentOf, REPLY_TYPE[kind], request);
    await deliverUpdate(deps, request.room, update, { connectionId: connection.connectionId, ...(re === undefined ? {} : { re }) });
  };

/**
 * The original answer to a request applied before, with `re`: its event as
 * this connection may see it, from the room's own recent events; when the
 * room keeps it no longer, the same event rebuilt from the request (the same
 * body, the hash says so) with the seq it took and the room's state now.
 */
const answerResend = async (deps: Deps, sender: Sender, room: string, version: number, type: 'moved' | 'rematch', request: RoomRequest): Promise<void> => {
  const record = await deps.rooms.get(room);
  if (record === undefined) throw new NotInRoomError(room);
  const seat = seatOf(record, sender.connection.connectionId);
  let original = record.window.find((event) => event.v === version && event.type === type);
  const applied = record.applied.find((entry) => entry.version === version);
  if (original === undefined && type === 'moved' && applied?.seq !== undefined && seat !== null) {
    original = { seq: applied.seq, v: version, o: 0, type, at: applied.at, fields: { by: seat, move: moveOf(record, request) }, after: stateAt(record) };
  }
  if (original === undefined) throw new BadRequestError('this request was applied already; the room no longer keeps its event (sync for the state)');
  const event = presentEvent(room, original, seat);
  deps.log.info('resent request answered', { room, seq: original.seq });
  await replyTo(deps, sender.connection.connectionId, { ...event, ...(sender.re === undefined ? {} : { re: sender.re }) }, room);
};

/** The game's own fields of a move, validated by the game's schema (the room decides which game). */
const moveOf = (record: RoomRecord, request: RoomRequest): unknown => {
  const { action: _action, id: _id, room: _room, ...fields } = request;
  const result = v.safeParse(rulesFor(record.game).moveSchema, fields);
  if (!result.success) {
    const first = result.issues[0];
    throw new BadRequestError(first === undefined ? 'invalid move' : describeIssue(first));
  }
  return result.output;
};

export const move = gameAction<RequestOf<'move'>>('move', (record, connectionId, request, now) => moveStep(record, connectionId, moveOf(record, request), now));

export const rematch = gameAction<RematchRequest & RoomRequest>('rematch', (record, connectionId, _request, now) => rematchStep(record, connectionId, now));
