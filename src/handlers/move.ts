import { move } from '../actions/play';
import { provideDeps } from './container';
import { actionHandler } from './route';

export const handler = actionHandler('move', move)(provideDeps);
