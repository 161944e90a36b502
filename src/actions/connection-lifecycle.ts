import { TooManyConnectionsError } from '../errors';
import { depart } from './depart';
import type { Deps } from './deps';

export interface Arrival {
  connectionId: string;
  /** The client's address (the request context's source IP), for the per-address cap. */
  address?: string;
  /** Verified subject of the `$connect` token and when that token expires, when authentication is on. */
  identity?: string;
  authExpiresAt?: number;
}

/**
 * `$connect`: count the connection against its address's cap, then remember
 * it (the record expires a little after API Gateway's 2 h limit).
 */
export const connect = async (deps: Pick<Deps, 'connections' | 'addresses' | 'clock' | 'settings'>, arrival: Arrival): Promise<void> => {
  const now = deps.clock();
  if (arrival.address !== undefined && !(await deps.addresses.open(arrival.address, deps.settings.maxConnectionsPerAddress, now))) {
    throw new TooManyConnectionsError(deps.settings.maxConnectionsPerAddress);
  }
  await deps.connections.add({ ...arrival, connectedAt: now });
};

/**
 * `$disconnect`: forget the connection first (its record and its place in the
 * address's count), then take it out of its room: a seat stays reserved for
 * `reconnectSeconds`, a spectator just goes. The record is gone even when the
 * room update then fails; the room's counts and seats converge when the next
 * broadcast finds the connection gone.
 */
export const disconnect = async (deps: Deps, connectionId: string): Promise<void> => {
  const connection = await deps.connections.get(connectionId);
  if (connection === undefined) return;
  await deps.connections.remove([connectionId]);
  if (connection.address !== undefined) await deps.addresses.close(connection.address);
  if (connection.room !== undefined) await depart(deps, connection, connection.room, 'disconnect');
};
