import { sync } from '../actions/sync';
import { provideDeps } from './container';
import { actionHandler } from './route';

export const handler = actionHandler('sync', sync)(provideDeps);
