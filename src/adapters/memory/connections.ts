import type { Admission, ConnectionRecord, ConnectionStore, RateLimit, RoomMembership } from '../../ports/connections';
import { windowOf } from '../../rate-limit';

/** In-memory `ConnectionStore` for unit tests and in-process runs; same contract as the DynamoDB one. */
export class MemoryConnectionStore implements ConnectionStore {
  private readonly records = new Map<string, ConnectionRecord>();
  /** Messages counted per connection in its current window. */
  private readonly meters = new Map<string, { window: number; count: number }>();

  add(connection: ConnectionRecord): Promise<void> {
    this.records.set(connection.connectionId, structuredClone(connection));
    return Promise.resolve();
  }

  get(connectionId: string): Promise<ConnectionRecord | undefined> {
    const record = this.records.get(connectionId);
    return Promise.resolve(record === undefined ? undefined : structuredClone(record));
  }

  enter(connectionId: string, room: string, from: string | undefined, joinTat: number): Promise<boolean> {
    const record = this.records.get(connectionId);
    if (record === undefined || record.claim !== from) return Promise.resolve(false);
    record.claim = room;
    record.joinTat = joinTat;
    return Promise.resolve(true);
  }

  settle(connectionId: string, membership: RoomMembership): Promise<boolean> {
    const record = this.records.get(connectionId);
    if (record === undefined || record.claim !== membership.room) return Promise.resolve(false);
    Object.assign(record, membership);
    return Promise.resolve(true);
  }

  release(connectionId: string, room: string, to: string | undefined): Promise<void> {
    const record = this.records.get(connectionId);
    if (record?.claim === room) {
      if (to === undefined) delete record.claim;
      else record.claim = to;
    }
    return Promise.resolve();
  }

  exit(connectionId: string, room: string): Promise<boolean> {
    const record = this.records.get(connectionId);
    if (record === undefined || record.room !== room) return Promise.resolve(false);
    delete record.room;
    delete record.playerId;
    delete record.name;
    delete record.seat;
    if (record.claim === room) delete record.claim;
    return Promise.resolve(true);
  }

  remove(connectionIds: readonly string[]): Promise<void> {
    for (const id of connectionIds) {
      this.records.delete(id);
      this.meters.delete(id);
    }
    return Promise.resolve();
  }

  admit(connectionId: string, limit: RateLimit, nowMs: number): Promise<Admission> {
    const record = this.records.get(connectionId);
    if (record === undefined) return Promise.resolve({ admitted: false, reason: 'unknown' });
    if (record.authExpiresAt !== undefined && record.authExpiresAt <= nowMs) return Promise.resolve({ admitted: false, reason: 'expired' });
    const window = windowOf(limit, nowMs);
    const meter = this.meters.get(connectionId);
    const count = meter?.window === window.id ? meter.count : 0;
    if (count >= limit.capacity) return Promise.resolve({ admitted: false, retryAfterMs: Math.max(1, window.endsAt - nowMs) });
    this.meters.set(connectionId, { window: window.id, count: count + 1 });
    return Promise.resolve({ admitted: true, connection: structuredClone(record) });
  }
}
