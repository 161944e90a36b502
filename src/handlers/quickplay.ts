import { quickplay } from '../actions/quickplay';
import { provideDeps } from './container';
import { actionHandler } from './route';

export const handler = actionHandler('quickplay', quickplay)(provideDeps);
