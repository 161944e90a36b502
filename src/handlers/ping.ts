import { ping } from '../actions/ping';
import { provideDeps } from './container';
import { actionHandler } from './route';

export const handler = actionHandler('ping', ping)(provideDeps);
