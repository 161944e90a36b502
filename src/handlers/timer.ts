import { provideForEndpoint } from './container';
import { timerHandler } from './timer-worker';

export const handler = timerHandler(provideForEndpoint);
