import { ConflictError, RateLimitedError } from '../errors';
import type { QuickplayRequest, WelcomeReply } from '../protocol';
import { chargeTat } from '../rate-limit';
import { refuseIfSeated } from './create';
import type { Deps, Sender } from './deps';
import { join, NoSeatThere } from './join';

const MAX_ROUNDS = 40;
/** A room enlisted but not created yet is being created right now: unless it is this old, its creator crashed. */
const RESERVATION_MS = 10_000;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Seats the player in the oldest public room of the game waiting for a
 * player, or opens one and waits there. The matchmaker's item is the one
 * point of agreement: a room is opened only "if none is waiting", a
 * conditional write, so players arriving at the same moment fill one room
 * rather than each opening their own; a seat is taken with the room's own
 * conditional write, so a room never gets a third player. Every round either
 * seats the player or removes from the list a room that cannot seat them.
 */
export const quickplay = async (deps: Deps, sender: Sender, request: QuickplayRequest): Promise<WelcomeReply> => {
  refuseIfSeated(sender);
  // One charge for the whole request, however many rooms it tries.
  const charge = chargeTat(deps.settings.joinLimit, sender.connection.joinTat, deps.clock());
  if (!charge.admitted) throw new RateLimitedError(charge.retryAfterMs, 'joins');
  const metered: Sender = { ...sender, connection: { ...sender.connection, joinTat: charge.tat } };
  const { game, name } = request;
  const joinRequest = (room: string) => ({ action: 'join' as const, room, name, ...(request.id === undefined ? {} : { id: request.id }) });

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const [oldest] = await deps.matchmaker.waiting(game);
    if (oldest === undefined) {
      const room = deps.random.roomId();
      if (!(await deps.matchmaker.enlist(game, { room, since: deps.clock() }, true))) continue;
      const options = { game, visibility: 'public', clock: null, reconnectSeconds: deps.settings.reconnectSeconds } as const;
      try {
        return await join(deps, metered, joinRequest(room), { create: options, fresh: true, metered: true });
      } catch (error) {
        await deps.matchmaker.delist(game, room);
        throw error;
      }
    }
    try {
      const welcome = await join(deps, metered, joinRequest(oldest.room), { seatOnly: true, metered: true });
      if (welcome.state.players.length === welcome.state.toMove.length || welcome.state.status === 'playing') await deps.matchmaker.delist(game, oldest.room);
      return welcome;
    } catch (error) {
      if (!(error instanceof NoSeatThere)) throw error;
      if (!error.missing || deps.clock() - oldest.since > RESERVATION_MS) await deps.matchmaker.delist(game, oldest.room);
      // Being created right now: give its creator a moment.
      else await pause(20 + Math.random() * 30);
    }
  }
  throw new ConflictError('quick play could not find or open a room: too many players at once; try again');
};
