import { Limits, type EventsReply, type SnapshotReply, type SyncRequest } from '../protocol';
import { expireStep } from '../rooms/play';
import { currentStateFor, presentEvent } from '../rooms/present';
import type { RoomRecord, StoredEvent } from '../rooms/record';
import { NotInRoomError } from '../errors';
import { replyTo } from './deliver';
import { deliverUpdate } from './deliver-update';
import type { Deps, Sender } from './deps';
import { requireMember } from './require-member';
import { updateGame } from './update-game';

/** Bytes the caller's `"re":"…",` can add: an id of at most 64 UTF-16 units, each escaped by JSON as \uXXXX at worst. */
const REPLY_ID_ALLOWANCE = 8 + 6 * Limits.maxRequestIdLength;

/** How long a hole in the log may be an event still being written. */
const HOLE_WAIT_MS = 50;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Whether `events` are exactly since+1, since+2, ... with nothing missing. */
const contiguousFrom = (events: readonly StoredEvent[], since: number): boolean => events.every((event, index) => event.seq === since + 1 + index);

/** The newest state any of these events carries. */
const latestState = (events: readonly StoredEvent[]) => events.findLast((event) => event.after !== undefined)?.after;

/**
 * Every event after `since` while the log still holds them all, else a
 * snapshot of the room now, each as this connection may see it.
 *
 * The cheapest read that is correct: one eventually consistent Query of the
 * log (half the price of a strongly consistent read, and never the room's
 * hot item). A replica a moment behind can only leave out the newest events,
 * which the client already knows exist, so it asks again. The room itself is
 * read only when the log cannot answer: nothing after `since` (up to date, or
 * ahead of a room that was recreated), a hole, or too far behind. The clock
 * is checked on the way: a turn that ran out ends the game here too.
 */
export const sync = async (deps: Deps, sender: Sender, request: SyncRequest): Promise<void> => {
  const connection = requireMember(sender.connection, request.room);
  const { room, since } = request;
  const viewer = connection.seat ?? null;
  const re = sender.re === undefined ? {} : { re: sender.re };
  let events = await deps.events.after(room, since, Limits.replayEvents + 1);
  if (events.length > 0 && events.length <= Limits.replayEvents && !contiguousFrom(events, since)) {
    // A hole is usually an event being written right now (its number taken a few ms ago): look once more before giving up on replay.
    await pause(HOLE_WAIT_MS);
    events = await deps.events.after(room, since, Limits.replayEvents + 1);
  }
  const now = deps.clock();
  const newest = latestState(events);
  const overdue = newest !== undefined && newest.status === 'playing' && newest.deadline !== null && now >= newest.deadline;

  if (!overdue && events.length > 0 && events.length <= Limits.replayEvents && contiguousFrom(events, since)) {
    const reply: EventsReply = { type: 'events', ...re, room, events: events.map((event) => presentEvent(room, event, viewer)) };
    // Missed events too big for one WebSocket message (100 long chats can be) would be refused unsent: a snapshot does fit.
    if (Buffer.byteLength(JSON.stringify(reply), 'utf8') <= Limits.maxOutboundBytes - REPLY_ID_ALLOWANCE) return await replyTo(deps, connection.connectionId, reply, room);
  }

  let record: RoomRecord | undefined = await deps.rooms.get(room);
  if (record === undefined) throw new NotInRoomError(room);
  if (expireStep(record, now) !== undefined) {
    const update = await updateGame(deps, room, () => undefined);
    await deliverUpdate(deps, room, update);
    record = update.record ?? record;
  }
  if (since === record.seq) return await replyTo(deps, connection.connectionId, { type: 'events', ...re, room, events: [] }, room);
  const snapshot: SnapshotReply = { type: 'snapshot', ...re, room, seq: record.seq, state: currentStateFor(record, viewer) };
  await replyTo(deps, connection.connectionId, snapshot, room);
};
