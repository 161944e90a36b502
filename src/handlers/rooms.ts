import { listRooms } from '../actions/lobby';
import { provideDeps } from './container';
import { actionHandler } from './route';

export const handler = actionHandler('rooms', listRooms)(provideDeps);
