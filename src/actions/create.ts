import { AlreadySeatedError, ConflictError } from '../errors';
import type { CreateRequest, WelcomeReply } from '../protocol';
import type { Deps, Sender } from './deps';
import { join } from './join';

const MAX_ID_DRAWS = 3;

/** A connection playing a seat must leave it first: creating or quick-playing elsewhere would silently forfeit its game. */
export const refuseIfSeated = (sender: Sender): void => {
  const { room, seat } = sender.connection;
  if (room !== undefined && seat !== undefined && seat !== null) throw new AlreadySeatedError(room);
};

/**
 * A new room with a server-chosen id, its options fixed at creation (game,
 * turn clock, public or private, how long a seat waits for its player), the
 * creator in seat 0. A public room is also offered to quick play.
 */
export const create = async (deps: Deps, sender: Sender, request: CreateRequest): Promise<WelcomeReply> => {
  refuseIfSeated(sender);
  const options = {
    game: request.game,
    visibility: request.visibility ?? 'private',
    clock: request.clock ?? null,
    reconnectSeconds: request.reconnectSeconds ?? deps.settings.reconnectSeconds,
  } as const;
  for (let draw = 0; ; draw++) {
    const room = deps.random.roomId();
    try {
      const welcome = await join(deps, sender, { action: 'join', room, name: request.name, ...(request.id === undefined ? {} : { id: request.id }) }, { create: options, fresh: true });
      if (options.visibility === 'public') await deps.matchmaker.enlist(options.game, { room, since: deps.clock() }, false);
      return welcome;
    } catch (error) {
      // 60 random bits collide about never; if they do, draw again rather than join a stranger's room.
      if (!(error instanceof ConflictError) || draw + 1 === MAX_ID_DRAWS || !/is taken/.test(error.message)) throw error;
    }
  }
};
