import { chat } from '../actions/chat';
import { create } from '../actions/create';
import { join } from '../actions/join';
import { leave } from '../actions/leave';
import { listRooms } from '../actions/lobby';
import { ping } from '../actions/ping';
import { move, rematch } from '../actions/play';
import { quickplay } from '../actions/quickplay';
import { sync } from '../actions/sync';
import type { ActionTable } from './route';

/** Every protocol action and the function that runs it. */
export const actions: ActionTable = {
  join: async (deps, sender, request) => await join(deps, sender, request),
  create,
  quickplay,
  rooms: listRooms,
  move,
  chat,
  sync,
  leave,
  rematch,
  ping,
};
