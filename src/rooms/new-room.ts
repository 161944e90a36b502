import { rulesFor } from '../games/registry';
import type { Clock, Visibility } from '../protocol';
import type { RoomRecord } from './record';

export interface RoomOptions {
  game: string;
  visibility: Visibility;
  clock: Clock | null;
  reconnectSeconds: number;
}

/** A room nobody has joined yet: waiting, round 1, seat 0 to start. */
export const newRoom = (room: string, options: RoomOptions, now: number): RoomRecord => {
  const rules = rulesFor(options.game);
  return {
    room,
    game: rules.id,
    visibility: options.visibility,
    clock: options.clock,
    reconnectSeconds: options.reconnectSeconds,
    seq: 0,
    version: 0,
    epoch: 0,
    members: 0,
    spectators: 0,
    round: 1,
    status: 'waiting',
    reason: null,
    winner: null,
    firstTurn: 0,
    state: rules.setup(0),
    seats: Array.from({ length: rules.seats }, () => null),
    rematch: [],
    deadline: null,
    applied: [],
    window: [],
    createdAt: now,
    updatedAt: now,
  };
};
