import { ConflictError } from '../errors';
import type { RoomMember } from '../ports/members';
import type { RoomRecord, StoredEvent } from '../rooms/record';
import type { Change } from '../rooms/change';
import { expireStep, nextDeadline } from '../rooms/play';
import { stateAt } from '../rooms/present';
import type { Deps } from './deps';

export interface GameUpdate {
  /** The room after the write, or as read when nothing was written (undefined: no room). */
  record: RoomRecord | undefined;
  /** The events the write numbered, as stored. */
  events: StoredEvent[];
  /** Every member at the time of the write: who must hear its events. Undefined when nothing was written. */
  members: string[] | undefined;
  /**
   * `decide` refused, after the clock's own change (a game that ran out of
   * time) was written: the caller delivers that change, then answers this.
   */
  refusal?: { error: unknown };
}

// 20 invocations racing on one room each win within 20 rounds; jitter makes it far fewer.
const MAX_ATTEMPTS = 25;
/**
 * Game events a room keeps for `sync`, in its own item. With their states
 * they deflate well (consecutive states differ by a move): eight Connect Four
 * events add about 300 bytes to the room; the store may keep fewer to stay
 * within a write unit. A client further behind gets a snapshot.
 */
export const GAME_EVENTS_KEPT = 8;

/** What one more read-and-write round trip may take, near the deadline. */
const ATTEMPT_ALLOWANCE_MS = 250;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const merge = (first: Change | undefined, second: Change | undefined): Change | undefined => {
  if (first === undefined) return second;
  if (second === undefined) return first;
  const members =
    first.members === undefined && second.members === undefined
      ? undefined
      : { delta: (first.members?.delta ?? 0) + (second.members?.delta ?? 0), spectators: (first.members?.spectators ?? 0) + (second.members?.spectators ?? 0) };
  return { record: second.record, events: [...first.events, ...second.events], ...(members === undefined ? {} : { members }) };
};

/**
 * Read, decide, write if nobody wrote the game in between, else start over:
 * one conditional write on the room's `version` makes every change to a game
 * atomic without transactions, and numbers its events in the same write,
 * without gaps or duplicates across concurrent Lambdas. Chat lines and
 * spectators move the room's counters without touching `version`, so a move
 * only ever retries because of another write of the game.
 *
 * Before `decide` sees the room, the clock's verdict is applied: a turn that
 * ran out or a seat not taken back in time ends the game first (so a late or
 * lost timer never lets a game outlive its deadline), and that is written even
 * when `decide` then refuses.
 *
 * Who hears the events: the members as of the write. The first read takes
 * the room and its members together; the write reports the room's `epoch`
 * (moved by every arrival and departure), and if anyone came or went between
 * the read and the write the members are listed again. A newcomer therefore
 * always hears every event numbered after its own welcome.
 */
export const updateGame = async (
  deps: Pick<Deps, 'rooms' | 'members' | 'events' | 'clock' | 'settings' | 'deadline' | 'timers' | 'gatewayEndpoint'>,
  room: string,
  decide: (current: RoomRecord | undefined, now: number) => Change | undefined,
  /** A read the caller already made; without its members, they are listed after the write. */
  initial?: { record: RoomRecord | undefined; members?: RoomMember[] },
): Promise<GameUpdate> => {
  const loaded = initial ?? (await deps.rooms.getWithMembers(room));
  let current = loaded.record;
  const epochSeen = current?.epoch;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (attempt > 0) current = await deps.rooms.get(room);
    const now = deps.clock();
    const expired = current === undefined ? undefined : expireStep(current, now);
    let change: Change | undefined;
    let refusal: GameUpdate['refusal'];
    try {
      change = merge(expired, decide(expired?.record ?? current, now));
    } catch (error) {
      if (expired === undefined) throw error;
      refusal = { error };
      change = expired;
    }
    if (change === undefined) return { record: current, events: [], members: undefined };

    const version = (current?.version ?? 0) + 1;
    // Numbered by the write itself (a chat line may take a number in between); the store fills in each `seq`.
    const pending = change.events.map(
      (draft, index): StoredEvent => ({ seq: 0, v: version, o: index, type: draft.type, at: now, fields: draft.fields }),
    );
    const draftRecord = { ...change.record, updatedAt: now };
    const after = stateAt(draftRecord);
    const next: RoomRecord = {
      ...draftRecord,
      window: [...(change.record.window ?? []), ...pending.map((event) => ({ ...event, after }))].slice(-GAME_EVENTS_KEPT),
    };
    const counters = await deps.rooms.write(next, current?.version, {
      events: change.events.length,
      ...(change.members === undefined ? {} : { members: change.members }),
      maxMembers: deps.settings.maxRoomMembers,
      ...(current === undefined ? {} : { previous: current }),
    });
    if (counters === undefined) {
      const wait = Math.random() * Math.min(200, 5 * 2 ** attempt);
      // Out of time before the next attempt could finish: answer now rather than be killed with nothing said.
      if (deps.deadline !== undefined && Date.now() + wait + ATTEMPT_ALLOWANCE_MS >= deps.deadline) {
        throw new ConflictError(`room ${room} is too busy to apply this in the time left; nothing was applied, try again`);
      }
      await pause(wait);
      continue;
    }
    const first = counters.seq - change.events.length + 1;
    const numbered = next.window.map((event) => (event.v === version ? { ...event, seq: first + (event.o ?? 0) } : event));
    const written: RoomRecord = { ...next, ...counters, window: numbered };
    // Delivered live with the state as written (its counts included).
    const live = stateAt(written);
    const events = numbered.filter((event) => event.v === version).map((event) => ({ ...event, after: live }));
    const ownMove = change.members === undefined ? 0 : 1;
    const unchanged = loaded.members !== undefined && counters.epoch === (epochSeen ?? 0) + ownMove;
    const members = unchanged ? (loaded.members ?? []).map((member) => member.connectionId) : await deps.members.list(room);
    // A new deadline (a turn began with a clock, a seat's player dropped) gets its timer, in the same invocation.
    const due = nextDeadline(written);
    if (due !== undefined && due !== (current === undefined ? undefined : nextDeadline(current))) {
      await deps.timers.schedule({ room, at: due, endpoint: deps.gatewayEndpoint });
    }
    return { record: written, events, members, ...(refusal === undefined ? {} : { refusal }) };
  }
  throw new ConflictError(`room ${room} changed too often to apply this; nothing was applied, try again`);
};
