import type { MemberStore } from '../../ports/members';

/** In-memory `MemberStore`: insertion-ordered ids per room. */
export class MemoryMemberStore implements MemberStore {
  private readonly rooms = new Map<string, Set<string>>();

  add(room: string, connectionId: string): Promise<void> {
    const members = this.rooms.get(room) ?? new Set<string>();
    members.add(connectionId);
    this.rooms.set(room, members);
    return Promise.resolve();
  }

  remove(room: string, connectionId: string): Promise<boolean> {
    return Promise.resolve(this.rooms.get(room)?.delete(connectionId) ?? false);
  }

  removeMany(room: string, connectionIds: readonly string[]): Promise<void> {
    for (const id of connectionIds) this.rooms.get(room)?.delete(id);
    return Promise.resolve();
  }

  list(room: string): Promise<string[]> {
    return Promise.resolve([...(this.rooms.get(room) ?? [])]);
  }
}
