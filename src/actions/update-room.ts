import { ConflictError } from '../errors';
import type { RoomEvent } from '../protocol';
import { commit, countSpectators } from '../rooms/events';
import type { RoomRecord } from '../rooms/record';
import type { Change } from '../rooms/room';
import type { Deps } from './deps';

export interface RoomUpdate {
  record: RoomRecord | undefined;
  events: RoomEvent[];
  /** The member list the events go to; undefined when nothing was written. */
  members: string[] | undefined;
}

// 20 invocations racing on one room each win within 20 rounds; jitter makes it far fewer.
const MAX_ATTEMPTS = 25;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Read, decide, write if nobody wrote in between, else start over: the one
 * conditional write on `seq` makes every change atomic without transactions,
 * and numbers events without gaps or duplicates across concurrent Lambdas.
 *
 * `decide` is a pure domain step; it sees the fresh record on every attempt,
 * so a move that raced another is re-validated (and refused) rather than
 * applied twice. It throws an `ArenaError` to refuse; returning undefined, or
 * a change without events, writes nothing.
 */
export const updateRoom = async (
  deps: Pick<Deps, 'rooms' | 'members' | 'clock'>,
  room: string,
  decide: (current: RoomRecord | undefined) => Change | undefined,
): Promise<RoomUpdate> => {
  let members: string[] | undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await deps.rooms.get(room);
    const change = decide(current);
    if (change === undefined || change.events.length === 0) return { record: change?.record ?? current, events: [], members: undefined };
    // Listed once: the spectator count it feeds is recounted at every write anyway.
    members ??= await deps.members.list(room);
    const absent = new Set(change.absent);
    const next = commit(change, countSpectators(change.record, absent.size === 0 ? members : members.filter((id) => !absent.has(id))), deps.clock());
    if (await deps.rooms.put(next.record, current?.seq)) return { record: next.record, events: next.events, members };
    await pause(Math.random() * Math.min(200, 5 * 2 ** attempt));
  }
  throw new ConflictError(`room ${room} changed too often to apply this; nothing was applied, try again`);
};
