import { provideForEndpoint } from './timer-container';
import { timerHandler } from './timer-worker';

export const handler = timerHandler(provideForEndpoint);
