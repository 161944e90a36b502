import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventSequencer } from '../../../src/client/sequencer';
import { moved } from './fake-network';

/** A small seeded generator (mulberry32): the same spread on every run, without Math.random. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** A sequencer at seq 5 that has just received seq 7: seq 6 is the gap. Resolves the ms after which it asked for a sync. */
const withGap = (random: () => number, asked: (afterMs: number) => void, waitMs = 500) => {
  const started = Date.now();
  const sequencer = new EventSequencer({ waitMs, random }, { deliver: () => {}, gap: () => asked(Date.now() - started) });
  sequencer.clear('r1');
  sequencer.reset(5);
  sequencer.push(moved(7));
  return sequencer;
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the wait before a sync fills a gap', () => {
  it('spreads the syncs of a thousand clients that saw the same gap over [wait, 2 x wait), never all at one instant', () => {
    const random = seeded(10);
    const askedAfter: number[] = [];
    const sequencers = Array.from({ length: 1000 }, () => withGap(random, (ms) => askedAfter.push(ms)));

    vi.advanceTimersByTime(2000);

    sequencers.forEach((sequencer) => sequencer.dispose());
    expect(askedAfter).toHaveLength(1000);
    expect(Math.min(...askedAfter)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...askedAfter)).toBeLessThan(1000);
    // Ten 50 ms slices of the window: an even spread puts about 100 in each; one instant would put 1,000 in one.
    const perSlice = Array.from({ length: 10 }, (_, slice) => askedAfter.filter((ms) => Math.floor((ms - 500) / 50) === slice).length);
    expect(Math.max(...perSlice)).toBeLessThanOrEqual(150);
    expect(Math.min(...perSlice)).toBeGreaterThanOrEqual(50);
  });

  it('waits at least the configured wait, so a reordering that settles within it never costs a sync', () => {
    const askedAfter: number[] = [];
    const sequencer = withGap(() => 0, (ms) => askedAfter.push(ms));

    vi.advanceTimersByTime(499);
    expect(askedAfter).toEqual([]);
    vi.advanceTimersByTime(1);

    sequencer.dispose();
    expect(askedAfter).toEqual([500]);
  });

  it('draws a new wait for each gap', () => {
    const draws = [0, 0.5];
    const askedAfter: number[] = [];
    const sequencer = withGap(() => draws.shift() ?? 0, (ms) => askedAfter.push(ms));
    vi.advanceTimersByTime(500);
    sequencer.push(moved(6));
    sequencer.push(moved(9));

    vi.advanceTimersByTime(749);
    expect(askedAfter).toEqual([500]);
    vi.advanceTimersByTime(1);

    sequencer.dispose();
    expect(askedAfter).toEqual([500, 1250]);
  });
});
