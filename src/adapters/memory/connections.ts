import type { Admission, ConnectionRecord, ConnectionStore, RateLimit, RoomMembership } from '../../ports/connections';

interface Bucket {
  tokens: number;
  chargedAt: number;
}

/** In-memory `ConnectionStore` for unit tests and in-process runs; same contract as the DynamoDB one. */
export class MemoryConnectionStore implements ConnectionStore {
  private readonly records = new Map<string, ConnectionRecord>();
  private readonly buckets = new Map<string, Bucket>();

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
      this.buckets.delete(id);
    }
    return Promise.resolve();
  }

  admit(connectionId: string, limit: RateLimit, nowMs: number): Promise<Admission> {
    const record = this.records.get(connectionId);
    if (record === undefined) return Promise.resolve({ admitted: false, unknown: true });
    const bucket = this.buckets.get(connectionId) ?? { tokens: limit.capacity, chargedAt: nowMs };
    const available = Math.min(limit.capacity, bucket.tokens + (Math.max(0, nowMs - bucket.chargedAt) / 1000) * limit.refillPerSecond);
    if (available < 1) return Promise.resolve({ admitted: false, retryAfterMs: ((1 - available) / limit.refillPerSecond) * 1000 });
    this.buckets.set(connectionId, { tokens: available - 1, chargedAt: nowMs });
    return Promise.resolve({ admitted: true, connection: structuredClone(record) });
  }
}
