import type { RoomEventType } from '../protocol';
import type { RoomRecord } from './record';

/** An event a step produced, before the store numbers it and the room's state is attached. */
export interface EventDraft {
  type: RoomEventType;
  fields: Record<string, unknown>;
}

/** What a room step returns: the next record and the events it produced. */
export interface Change {
  record: RoomRecord;
  events: EventDraft[];
  /**
   * Members this change adds or removes (a seat taken by a new connection,
   * a seat given up), in the same write as the game: the write moves the
   * room's member counts and its `epoch` with it.
   */
  members?: { delta: number; spectators: number };
}
