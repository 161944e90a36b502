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

/** How long a hole may be a chat line still being written. */
const HOLE_WAIT_MS = 50;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Whether `events` are exactly since+1, since+2, ..., until, with nothing missing. */
const complete = (events: readonly StoredEvent[], since: number, until: number): boolean =>
  events.length === until - since && events.every((event, index) => event.seq === since + 1 + index);

/** The room's own recent game events and the chat lines from the log, merged in seq order. */
const missed = async (deps: Deps, record: RoomRecord, since: number): Promise<StoredEvent[]> => {
  const games = record.window.filter((event) => event.seq > since);
  // When the room's own events cover the whole gap, the log need not be read at all.
  const chats = record.seq - since > games.length ? await deps.events.after(record.room, since, Limits.replayEvents + 1) : [];
  const bySeq = new Map<number, StoredEvent>();
  for (const event of [...chats, ...games]) if (event.seq <= record.seq) bySeq.set(event.seq, event);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
};

/**
 * Every event after `since` while the room still keeps them all, else a
 * snapshot of the room now, each as this connection may see it.
 *
 * The room's item keeps its recent game events with their states (written
 * with them, so never missing); chat lines are items of their own, read with
 * one eventually consistent Query only when the gap holds more than the
 * room's own events. A hole (a line numbered a moment ago and still being
 * written, or one lost with its Lambda) is looked at once more, then answered
 * with a snapshot, as is a client further behind than what is kept. The clock
 * is checked on the way: a turn that ran out ends the game here too.
 */
export const sync = async (deps: Deps, sender: Sender, request: SyncRequest): Promise<void> => {
  const connection = requireMember(sender.connection, request.room);
  const { room, since } = request;
  const viewer = connection.seat ?? null;
  const re = sender.re === undefined ? {} : { re: sender.re };

  let record: RoomRecord | undefined = await deps.rooms.get(room);
  if (record === undefined) throw new NotInRoomError(room);
  if (expireStep(record, deps.clock()) !== undefined) {
    const update = await updateGame(deps, room, () => undefined);
    await deliverUpdate(deps, room, update);
    record = update.record ?? record;
  }
  if (since === record.seq) return await replyTo(deps, connection.connectionId, { type: 'events', ...re, room, events: [] }, room);

  if (since < record.seq && record.seq - since <= Limits.replayEvents) {
    let events = await missed(deps, record, since);
    if (!complete(events, since, record.seq)) {
      await pause(HOLE_WAIT_MS);
      events = await missed(deps, record, since);
    }
    if (complete(events, since, record.seq)) {
      const reply: EventsReply = { type: 'events', ...re, room, events: events.map((event) => presentEvent(room, event, viewer)) };
      // Missed events too big for one WebSocket message (100 long chats can be) would be refused unsent: a snapshot does fit.
      if (Buffer.byteLength(JSON.stringify(reply), 'utf8') <= Limits.maxOutboundBytes - REPLY_ID_ALLOWANCE) return await replyTo(deps, connection.connectionId, reply, room);
    }
  }
  const snapshot: SnapshotReply = { type: 'snapshot', ...re, room, seq: record.seq, state: currentStateFor(record, viewer) };
  await replyTo(deps, connection.connectionId, snapshot, room);
};
