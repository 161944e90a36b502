import type { RoomMember } from '../../ports/members';
import type { GameWrite, RoomCounters, RoomStore } from '../../ports/rooms';
import type { RoomRecord } from '../../rooms/record';
import type { MemoryMemberStore } from './members';

const countersOf = (record: RoomRecord): RoomCounters => ({
  seq: record.seq,
  version: record.version,
  epoch: record.epoch,
  members: record.members,
  spectators: record.spectators,
});

/** In-memory `RoomStore` with the same contract as DynamoDB's: conditional game writes, atomic counters. */
export class MemoryRoomStore implements RoomStore {
  private readonly records = new Map<string, RoomRecord>();

  constructor(private readonly members?: MemoryMemberStore) {}

  /** Every room, for the in-memory lobby. */
  all(): RoomRecord[] {
    return [...this.records.values()].map((record) => structuredClone(record));
  }

  get(room: string): Promise<RoomRecord | undefined> {
    const record = this.records.get(room);
    return Promise.resolve(record === undefined ? undefined : structuredClone(record));
  }

  async getWithMembers(room: string): Promise<{ record: RoomRecord | undefined; members: RoomMember[] }> {
    return { record: await this.get(room), members: this.members?.entries(room) ?? [] };
  }

  write(record: RoomRecord, expectedVersion: number | undefined, options: GameWrite): Promise<RoomCounters | undefined> {
    const current = this.records.get(record.room);
    if (current?.version !== expectedVersion) return Promise.resolve(undefined);
    const delta = options.members?.delta ?? 0;
    if (options.maxMembers !== undefined && delta > 0 && (current?.members ?? 0) + delta > options.maxMembers) return Promise.resolve(undefined);
    const version = (current?.version ?? 0) + 1;
    const first = (current?.seq ?? 0) + 1;
    const next: RoomRecord = {
      ...structuredClone(record),
      // The write numbers its own events, as DynamoDB's does from the counter at the moment of the write.
      window: structuredClone(record.window).map((event) => (event.v === version ? { ...event, seq: first + (event.o ?? 0) } : event)),
      applied: structuredClone(record.applied).map((entry) => (entry.version === version ? { ...entry, seq: first } : entry)),
      seq: (current?.seq ?? 0) + options.events,
      version: (current?.version ?? 0) + 1,
      epoch: (current?.epoch ?? 0) + (options.members === undefined ? 0 : 1),
      members: (current?.members ?? 0) + delta,
      spectators: (current?.spectators ?? 0) + (options.members?.spectators ?? 0),
    };
    this.records.set(record.room, next);
    return Promise.resolve(countersOf(next));
  }

  allocate(room: string, count: number): Promise<RoomRecord | undefined> {
    const current = this.records.get(room);
    if (current === undefined) return Promise.resolve(undefined);
    current.seq += count;
    return Promise.resolve(structuredClone(current));
  }

  watch(room: string, delta: number, maxMembers: number): Promise<RoomRecord | 'missing' | 'full'> {
    const current = this.records.get(room);
    if (current === undefined) return Promise.resolve('missing');
    if (delta > 0 && current.members + delta > maxMembers) return Promise.resolve('full');
    current.members += delta;
    current.spectators += delta;
    current.epoch += 1;
    return Promise.resolve(structuredClone(current));
  }
}
