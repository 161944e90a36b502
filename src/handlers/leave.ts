import { leave } from '../actions/leave';
import { provideDeps } from './container';
import { actionHandler } from './route';

export const handler = actionHandler('leave', leave)(provideDeps);
