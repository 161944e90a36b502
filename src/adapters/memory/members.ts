import type { MemberStore, RoomMember } from '../../ports/members';

/** In-memory `MemberStore`: insertion-ordered members per room. */
export class MemoryMemberStore implements MemberStore {
  private readonly rooms = new Map<string, Map<string, boolean>>();

  add(room: string, connectionId: string, watching: boolean): Promise<void> {
    const members = this.rooms.get(room) ?? new Map<string, boolean>();
    members.set(connectionId, watching);
    this.rooms.set(room, members);
    return Promise.resolve();
  }

  remove(room: string, connectionId: string): Promise<RoomMember | undefined> {
    const members = this.rooms.get(room);
    const watching = members?.get(connectionId);
    if (watching === undefined) return Promise.resolve(undefined);
    members?.delete(connectionId);
    return Promise.resolve({ connectionId, watching });
  }

  async removeMany(room: string, connectionIds: readonly string[]): Promise<RoomMember[]> {
    const removed: RoomMember[] = [];
    for (const id of new Set(connectionIds)) {
      const member = await this.remove(room, id);
      if (member !== undefined) removed.push(member);
    }
    return removed;
  }

  list(room: string): Promise<string[]> {
    return Promise.resolve([...(this.rooms.get(room)?.keys() ?? [])]);
  }

  /** Members with their kind, for the room store's combined read. */
  entries(room: string): RoomMember[] {
    return [...(this.rooms.get(room)?.entries() ?? [])].map(([connectionId, watching]) => ({ connectionId, watching }));
  }
}
