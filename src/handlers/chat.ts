import { chat } from '../actions/chat';
import { provideDeps } from './container';
import { actionHandler } from './route';

export const handler = actionHandler('chat', chat)(provideDeps);
