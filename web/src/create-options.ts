import type { Clock } from '../../src/protocol';
import { Limits } from '../../src/protocol';
import { formatDuration } from './countdown';

/** The clock picker's preset choices, in seconds per turn ('' is no clock). */
export const CLOCK_PRESETS: readonly { value: string; label: string }[] = [
  { value: '', label: 'No clock' },
  { value: '30', label: '30 s per turn' },
  { value: '120', label: '2 min per turn' },
  { value: 'custom', label: 'Custom…' },
];

/**
 * The turn clock the create form asks for: a preset, or a custom number of
 * seconds within the server's bounds (2 s to 7 days), refused here with a
 * sentence rather than by the server with BAD_REQUEST.
 */
export const clockFrom = (choice: string, custom: string): { clock: Clock | undefined } | { error: string } => {
  if (choice === '') return { clock: undefined };
  const text = choice === 'custom' ? custom.trim() : choice;
  const seconds = Number(text);
  const { minTurnSeconds: min, maxTurnSeconds: max } = Limits;
  if (text === '' || !Number.isInteger(seconds) || seconds < min || seconds > max) {
    return { error: `A turn lasts ${formatDuration(min * 1000)} to ${formatDuration(max * 1000)}: type a whole number of seconds from ${min} to ${max}.` };
  }
  return { clock: { turnSeconds: seconds } };
};
