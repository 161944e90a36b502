import type { Deps } from '../actions/deps';
import { deliverUpdate } from '../actions/deliver-update';
import { updateGame } from '../actions/update-game';
import type { RoomTimer } from '../ports/timers';
import { nextDeadline } from '../rooms/play';

/**
 * A timer arrived: the room's clock decides (`updateGame` applies whatever is
 * due before anything else, and writes only if something is), and the outcome
 * is announced to the room. A timer that arrives before anything is due (a
 * long wait delivered in hops of SQS's 15-minute delay) is scheduled again for
 * what remains; one whose turn was played meanwhile finds nothing due and does
 * nothing (the write that moved the deadline scheduled its own timer).
 */
export const fireTimer = async (deps: Deps, timer: RoomTimer): Promise<void> => {
  const update = await updateGame(deps, timer.room, () => undefined);
  if (update.events.length > 0) {
    deps.log.info('timer fired', { room: timer.room, events: update.events.map((event) => event.type) });
    await deliverUpdate(deps, timer.room, update);
    return;
  }
  const due = update.record === undefined ? undefined : nextDeadline(update.record);
  // Still waiting for this very deadline: it was delivered early, in a hop.
  if (due !== undefined && due === timer.at && due > deps.clock()) await deps.timers.schedule(timer);
};
