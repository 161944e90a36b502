import type { Deps } from './deps';
import { deliver } from './deliver';
import type { GameUpdate } from './update-game';

/**
 * Delivers what a game write numbered, then answers a refusal that came after
 * the clock's own change (the game ran out of time before this request).
 */
export const deliverUpdate = async (deps: Deps, room: string, update: GameUpdate, sender?: { connectionId: string; re?: string }): Promise<void> => {
  await deliver(deps, {
    room,
    record: update.record,
    events: update.events,
    members: update.members,
    ...(sender === undefined || update.refusal !== undefined ? {} : { sender: sender.connectionId, ...(sender.re === undefined ? {} : { re: sender.re }) }),
  });
  if (update.refusal !== undefined) throw update.refusal.error;
};
