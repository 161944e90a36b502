import { rematch } from '../actions/play';
import { provideDeps } from './container';
import { actionHandler } from './route';

export const handler = actionHandler('rematch', rematch)(provideDeps);
