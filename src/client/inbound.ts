import { RoomEventTypes, type RoomEvent, type ServerMessage } from '../protocol';

// The server is trusted, but a frame that is not even an object must not break the client.
const ROOM_EVENT_TYPES = new Set<string>(Object.values(RoomEventTypes));

export const isServerMessage = (value: unknown): value is ServerMessage =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';

export const isRoomEvent = (message: ServerMessage): message is RoomEvent =>
  ROOM_EVENT_TYPES.has(message.type) && typeof (message as RoomEvent).seq === 'number' && typeof (message as RoomEvent).room === 'string';
