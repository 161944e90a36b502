/** One connection in a room: seated, or watching. */
export interface RoomMember {
  connectionId: string;
  watching: boolean;
}

/**
 * Room membership: one record per connection in a room, stored under the
 * room's key so the member list is one paginated query, never a table scan.
 */
export interface MemberStore {
  add(room: string, connectionId: string, watching: boolean): Promise<void>;
  /** Deletes the membership; resolves to what it was, or undefined when there was none. */
  remove(room: string, connectionId: string): Promise<RoomMember | undefined>;
  /** Deletes many memberships of one room (pruning); resolves to those that existed. */
  removeMany(room: string, connectionIds: readonly string[]): Promise<RoomMember[]>;
  /** Every member's connection id, across all pages. */
  list(room: string): Promise<string[]>;
}
