import { connectHandler } from './connection';
import { provideDeps } from './container';

export const handler = connectHandler(provideDeps);
