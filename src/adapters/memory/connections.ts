import { charge } from '../../rate-limit';
import type { Admission, ConnectionRecord, ConnectionStore, RateLimit, RoomMembership } from '../../ports/connections';

/** In-memory `ConnectionStore` for unit tests and in-process runs; same contract as the DynamoDB one. */
export class MemoryConnectionStore implements ConnectionStore {
  private readonly records = new Map<string, ConnectionRecord>();
  /** GCRA theoretical arrival time per connection (see rate-limit.ts). */
  private readonly tats = new Map<string, number>();

  add(connection: ConnectionRecord): Promise<void> {
    this.records.set(connection.connectionId, structuredClone(connection));
    return Promise.resolve();
  }

  get(connectionId: string): Promise<ConnectionRecord | undefined> {
    const record = this.records.get(connectionId);
    return Promise.resolve(record === undefined ? undefined : structuredClone(record));
  }

  setRoom(connectionId: string, membership: RoomMembership | undefined): Promise<boolean> {
    const record = this.records.get(connectionId);
    if (record === undefined) return Promise.resolve(false);
    const { room: _room, playerId: _playerId, name: _name, ...rest } = record;
    this.records.set(connectionId, { ...rest, ...membership });
    return Promise.resolve(true);
  }

  remove(connectionIds: readonly string[]): Promise<void> {
    for (const id of connectionIds) {
      this.records.delete(id);
      this.tats.delete(id);
    }
    return Promise.resolve();
  }

  admit(connectionId: string, limit: RateLimit, nowMs: number): Promise<Admission> {
    const record = this.records.get(connectionId);
    if (record === undefined) return Promise.resolve({ admitted: false, unknown: true });
    const decision = charge(limit, this.tats.get(connectionId), nowMs);
    if (!decision.admitted) return Promise.resolve(decision);
    this.tats.set(connectionId, decision.tat);
    return Promise.resolve({ admitted: true, connection: structuredClone(record) });
  }
}
