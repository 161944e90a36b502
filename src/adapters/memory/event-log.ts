import type { EventLog, RequestStore } from '../../ports/event-log';
import { Limits } from '../../protocol';
import type { StoredEvent } from '../../rooms/record';

/** In-memory `EventLog`: every chat line of every room, kept forever (tests and in-process runs are short). */
export class MemoryEventLog implements EventLog {
  private readonly rooms = new Map<string, Map<number, { event: StoredEvent }>>();

  append(room: string, events: readonly StoredEvent[]): Promise<void> {
    const log = this.rooms.get(room) ?? new Map<number, { event: StoredEvent }>();
    for (const event of events) log.set(event.seq, { event: structuredClone(event) });
    this.rooms.set(room, log);
    return Promise.resolve();
  }

  after(room: string, since: number, limit: number): Promise<StoredEvent[]> {
    const entries = [...(this.rooms.get(room)?.values() ?? [])].map((entry) => entry.event).filter((event) => event.seq > since);
    return Promise.resolve(structuredClone(entries.sort((a, b) => a.seq - b.seq).slice(0, limit)));
  }

  /** Forgets events (as expiry would): tests of what `sync` does past the log. */
  drop(room: string, seqs: readonly number[]): void {
    for (const seq of seqs) this.rooms.get(room)?.delete(seq);
  }
}

export class MemoryRequestStore implements RequestStore {
  private readonly keys = new Map<string, { hash: string; seq: number; expiresAt: number }>();

  find(room: string, playerId: string, id: string, nowMs: number): Promise<{ hash: string; seq: number } | undefined> {
    const entry = this.keys.get(`${room}\u0000${playerId}\u0000${id}`);
    return Promise.resolve(entry === undefined || entry.expiresAt <= nowMs ? undefined : { hash: entry.hash, seq: entry.seq });
  }

  claim(room: string, playerId: string, id: string, entry: { hash: string; seq: number }, nowMs: number): Promise<boolean> {
    const key = `${room}\u0000${playerId}\u0000${id}`;
    const existing = this.keys.get(key);
    if (existing !== undefined && existing.expiresAt > nowMs) return Promise.resolve(false);
    this.keys.set(key, { ...entry, expiresAt: nowMs + Limits.idempotencyMs });
    return Promise.resolve(true);
  }
}
