import type { ConnectionState } from '../../src/client';

const TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected: reload the page',
};

/** The badge in the header; `data-state` drives its look (a pulsing warning while reconnecting). */
export const showConnection = (badge: HTMLElement, state: ConnectionState): void => {
  badge.dataset.state = state;
  badge.textContent = TEXT[state];
};
