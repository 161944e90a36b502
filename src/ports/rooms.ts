import type { RoomRecord } from '../rooms/record';

export interface RoomStore {
  get(room: string): Promise<RoomRecord | undefined>;
  /**
   * Writes the record if the stored `seq` still equals `expectedSeq`
   * (`undefined`: the room must not exist yet). Resolves to false when another
   * invocation wrote first; nothing is written then.
   */
  put(record: RoomRecord, expectedSeq: number | undefined): Promise<boolean>;
}
