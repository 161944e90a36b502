import { create } from '../actions/create';
import { provideDeps } from './container';
import { actionHandler } from './route';

export const handler = actionHandler('create', create)(provideDeps);
