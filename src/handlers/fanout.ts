import { payloadStore, provideForEndpoint } from './container';
import { fanoutHandler } from './fanout-worker';

export const handler = fanoutHandler(provideForEndpoint, payloadStore);
