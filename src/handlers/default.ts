import { actions } from './actions-table';
import { provideDeps } from './container';
import { defaultHandler } from './route';

export const handler = defaultHandler(actions)(provideDeps);
