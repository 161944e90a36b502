import type { RoomStore } from '../../ports/rooms';
import type { RoomRecord } from '../../rooms/record';

/** In-memory `RoomStore` with the same conditional-write contract as DynamoDB's. */
export class MemoryRoomStore implements RoomStore {
  private readonly records = new Map<string, RoomRecord>();

  get(room: string): Promise<RoomRecord | undefined> {
    const record = this.records.get(room);
    return Promise.resolve(record === undefined ? undefined : structuredClone(record));
  }

  put(record: RoomRecord, expectedSeq: number | undefined): Promise<boolean> {
    const current = this.records.get(record.room);
    if (current?.seq !== expectedSeq) return Promise.resolve(false);
    this.records.set(record.room, structuredClone(record));
    return Promise.resolve(true);
  }
}
