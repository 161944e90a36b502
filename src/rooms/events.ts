import { rulesFor } from '../games/registry';
import { Limits, type EventsReply, type RoomEvent, type RoomState, type SnapshotReply } from '../protocol';
import type { RoomRecord } from './record';
import type { Change } from './room';

/** What every client may see of a room: no tokens, no connection ids. */
export const viewOf = (record: RoomRecord): RoomState => ({
  game: record.game,
  round: record.round,
  status: record.status,
  turn: record.turn,
  winner: record.winner,
  players: record.seats.flatMap((holder, seat) =>
    holder === null ? [] : [{ seat, playerId: holder.playerId, name: holder.name, online: holder.connectionId !== null }],
  ),
  spectators: record.spectators,
  rematch: record.rematch,
  ...rulesFor(record.game).view(record.board),
});

/** Members that hold no seat. */
export const countSpectators = (record: RoomRecord, memberIds: readonly string[]): number => {
  const seated = new Set(record.seats.flatMap((holder) => (holder?.connectionId ? [holder.connectionId] : [])));
  return memberIds.reduce((count, id) => (seated.has(id) ? count : count + 1), 0);
};

/**
 * Numbers a change's events after `change.record.seq`, gives each the room's
 * resulting state, and keeps the newest `Limits.replayEvents` for `sync`.
 */
export const commit = (change: Change, spectators: number, now: number): { record: RoomRecord; events: RoomEvent[] } => {
  const counted: RoomRecord = { ...change.record, spectators };
  const state = viewOf(counted);
  const events = change.events.map(
    (draft, index): RoomEvent =>
      ({
        ...draft,
        room: counted.room,
        seq: counted.seq + index + 1,
        ...(draft.type === 'chat' ? {} : { state }),
      }) as RoomEvent,
  );
  const record: RoomRecord = {
    ...counted,
    seq: counted.seq + events.length,
    events: [...counted.events, ...events].slice(-Limits.replayEvents),
    updatedAt: now,
  };
  return { record, events };
};

/** Bytes the caller's `"re":"…",` can add: an id of at most 64 UTF-16 units, each escaped by JSON as \uXXXX at worst. */
const REPLY_ID_ALLOWANCE = 8 + 6 * Limits.maxRequestIdLength;

/** The answer to `sync`: every event after `since` while the room still holds them all, else a snapshot. */
export const replay = (record: RoomRecord, since: number): Omit<EventsReply, 're'> | Omit<SnapshotReply, 're'> => {
  const oldestHeld = record.events[0]?.seq ?? record.seq + 1;
  if (since === record.seq) return { type: 'events', room: record.room, events: [] };
  // A client ahead of the room saw a room that no longer exists (expired and recreated): it needs the whole state.
  if (since > record.seq) return { type: 'snapshot', room: record.room, seq: record.seq, state: viewOf(record) };
  if (since + 1 >= oldestHeld) {
    const reply = { type: 'events' as const, room: record.room, events: record.events.filter((event) => event.seq > since) };
    // Missed events too big for one WebSocket message (100 long chats can be) would be refused unsent: a snapshot does fit.
    if (Buffer.byteLength(JSON.stringify(reply), 'utf8') <= Limits.maxOutboundBytes - REPLY_ID_ALLOWANCE) return reply;
  }
  return { type: 'snapshot', room: record.room, seq: record.seq, state: viewOf(record) };
};
