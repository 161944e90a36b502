import { join } from '../actions/join';
import { provideDeps } from './container';
import { actionHandler } from './route';

export const handler = actionHandler('join', join)(provideDeps);
