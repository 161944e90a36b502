import type { You } from '../../src/client';
import type { RoomState, Seat } from '../../src/protocol';

/**
 * A duration for people, rounded up to the second (a clock that shows 0 s
 * while time remains reads as a bug): "42 s", "1:05", "2 h 05 min", "3 d 4 h".
 */
export const formatDuration = (ms: number): string => {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')} min`;
  return `${Math.floor(seconds / 86_400)} d ${Math.floor((seconds % 86_400) / 3600)} h`;
};

/** The turn clock's line, or undefined when the room has no clock running. `now` and the deadline are epoch ms. */
export const clockText = (state: RoomState, you: You, nameOf: (seat: Seat) => string, now: number): { text: string; urgent: boolean } | undefined => {
  if (state.status !== 'playing' || state.deadline === null) return undefined;
  const left = state.deadline - now;
  const mine = you.seat !== null && state.toMove.includes(you.seat);
  const whose = mine ? 'you' : state.toMove.map(nameOf).join(' and ');
  // Past the deadline, the server's timer ends the game within moments; until its event comes, say what is happening.
  if (left <= 0) return { text: `Time is up for ${whose}.`, urgent: true };
  return { text: `${formatDuration(left)} left for ${whose === 'you' ? 'your move' : whose}.`, urgent: left <= 10_000 };
};

/** One line per seated player who dropped and has not come back: how long the seat still waits for them. */
export const awayTexts = (state: RoomState, you: You, now: number): string[] =>
  state.players
    .filter((player) => !player.online && typeof player.returnBy === 'number' && player.playerId !== you.playerId)
    .map((player) => {
      const left = (player.returnBy as number) - now;
      return left > 0 ? `${player.name} has ${formatDuration(left)} to come back.` : `${player.name} did not come back in time.`;
    });
