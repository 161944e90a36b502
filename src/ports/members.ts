/**
 * Room membership: one record per connection in a room, stored under the
 * room's key so the member list is one paginated query, never a table scan.
 */
export interface MemberStore {
  add(room: string, connectionId: string): Promise<void>;
  /** Deletes the membership; resolves to whether it existed. */
  remove(room: string, connectionId: string): Promise<boolean>;
  /** Deletes many memberships of one room (batched, for pruning). */
  removeMany(room: string, connectionIds: readonly string[]): Promise<void>;
  /** Every member's connection id, across all pages. */
  list(room: string): Promise<string[]>;
}
