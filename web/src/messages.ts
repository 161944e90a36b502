import { ArenaClientError, ArenaError } from '../../src/client';
import { formatDuration } from './countdown';

const TEXT: Record<string, string> = {
  NOT_YOUR_TURN: 'Not your turn.',
  GAME_OVER: 'The game is over.',
  NOT_IN_ROOM: 'You are not in this room any more.',
  CONFLICT: 'Busy room: try again.',
  ROOM_FULL: 'This room is full.',
  ALREADY_SEATED: 'You are playing in another room: leave it first.',
  UNAUTHORIZED: 'Your session expired: reload the page.',
  INTERNAL: 'The server had a problem: try again.',
  TIMEOUT: 'No answer from the server: try again.',
  CONNECTION_LOST: 'The connection dropped: check the game before trying again.',
  CLOSED: 'Disconnected: reload the page.',
};

/**
 * What to tell the player about a failed action. BAD_REQUEST and
 * ILLEGAL_MOVE carry the server's own explanation ("that column is full",
 * "ships overlap at row 3, column 4"), which is the game's to word.
 */
export const describeError = (error: unknown): string => {
  if (error instanceof ArenaError && error.code === 'RATE_LIMITED') {
    return error.retryAfterMs === undefined ? 'Slow down a little.' : `Slow down a little: try again in ${formatDuration(error.retryAfterMs)}.`;
  }
  if (error instanceof ArenaClientError) return TEXT[error.code] ?? sentence(error.message);
  return 'Something went wrong.';
};

/** "column 3 is full" -> "Column 3 is full." */
const sentence = (text: string): string => {
  const trimmed = text.trim();
  if (trimmed === '') return 'Something went wrong.';
  return `${trimmed[0]?.toUpperCase() ?? ''}${trimmed.slice(1)}${/[.!?]$/.test(trimmed) ? '' : '.'}`;
};
