import { chat } from '../actions/chat';
import { join } from '../actions/join';
import { leave } from '../actions/leave';
import { ping } from '../actions/ping';
import { move, rematch } from '../actions/play';
import { sync } from '../actions/sync';
import type { ActionTable } from './route';

/** Every protocol action and the function that runs it. */
export const actions: ActionTable = { join, move, chat, sync, leave, rematch, ping };
