import { chat } from '../actions/play';
import { provideDeps } from './container';
import { actionHandler } from './route';

export const handler = actionHandler('chat', chat)(provideDeps);
