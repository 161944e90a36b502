import { ArenaClientError } from '../../src/client';

const TEXT: Record<string, string> = {
  NOT_YOUR_TURN: 'Not your turn.',
  ILLEGAL_MOVE: 'That column is full.',
  GAME_OVER: 'The game is over.',
  NOT_IN_ROOM: 'You are not in this room any more.',
  RATE_LIMITED: 'Slow down a little.',
  CONFLICT: 'Busy room: try again.',
  INTERNAL: 'The server had a problem: try again.',
  TIMEOUT: 'No answer from the server: try again.',
  CONNECTION_LOST: 'The connection dropped: check the board before trying again.',
  CLOSED: 'Disconnected: reload the page.',
};

/** What to tell the player about a failed action. BAD_REQUEST carries the server's own explanation. */
export const describeError = (error: unknown): string => {
  if (error instanceof ArenaClientError) return TEXT[error.code] ?? error.message;
  return 'Something went wrong.';
};

export const seatColour = (seat: number): string => (seat === 0 ? 'red' : 'yellow');
