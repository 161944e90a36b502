import { depart } from './depart';
import type { Deps } from './deps';

/** `$connect`: remember the connection (it expires a little after API Gateway's 2 h limit). */
export const connect = async (deps: Pick<Deps, 'connections' | 'clock'>, connectionId: string, identity?: string): Promise<void> => {
  await deps.connections.add({ connectionId, connectedAt: deps.clock(), ...(identity === undefined ? {} : { identity }) });
};

/** `$disconnect`: leave the room (a seat stays reserved), then forget the connection. */
export const disconnect = async (deps: Deps, connectionId: string): Promise<void> => {
  const connection = await deps.connections.get(connectionId);
  if (connection?.room !== undefined) await depart(deps, connection, connection.room, 'disconnect');
  await deps.connections.remove([connectionId]);
};
