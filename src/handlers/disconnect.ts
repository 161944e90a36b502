import { disconnectHandler } from './connection';
import { provideDeps } from './container';

export const handler = disconnectHandler(provideDeps);
