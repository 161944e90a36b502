import { describe, expect, it, vi } from 'vitest';
import type { RoomView } from '../../../src/client';
import { chatEvent, moved, stateAt } from './fake-network';
import { flush, joinAs, start, type Harness, useFakeClock } from './harness';

let h: Harness;
useFakeClock(() => h);

// The gap wait is jittered in [gapWaitMs, 2 x gapWaitMs) (test/unit/client/sequencer.test.ts): here, its shortest.
const SHORTEST_WAIT = { gapWaitMs: 500, random: () => 0 };

const seqs = () => h.events.map((event) => event.seq);
const syncs = () => h.net.last.sent.filter((message) => message.action === 'sync');

describe('events in seq order', () => {
  it('holds seq 8 that arrived before seq 7, then delivers 7 and 8 in order', async () => {
    h = await start();
    await joinAs(h, { seq: 6 });
    h.net.last.receive(moved(8));
    expect(seqs()).toEqual([]);

    h.net.last.receive(moved(7));
    expect(seqs()).toEqual([7, 8]);
    expect(h.client.view?.seq).toBe(8);
    expect(h.client.view?.state.round).toBe(8);
  });

  it('delivers each event once: duplicates and events the welcome already covers are dropped', async () => {
    h = await start();
    await joinAs(h, { seq: 5 });
    h.net.last.receive(moved(4));
    h.net.last.receive(moved(5));
    h.net.last.receive(moved(6));
    h.net.last.receive(moved(6));
    expect(seqs()).toEqual([6]);
  });

  it('keeps the events that arrive before the welcome and delivers those after it', async () => {
    h = await start();
    const joined = h.client.join('r1', 'Ada');
    await flush();
    // The server adds the member before numbering the join, so the next event can overtake the welcome.
    h.net.last.receive(moved(4));
    h.net.last.receive(moved(3));
    const request = h.net.last.last('join');
    h.net.last.receive({ type: 'welcome', re: request.id, room: 'r1', you: { playerId: 'pA', seat: 0 }, seq: 3, state: stateAt() });
    await joined;
    expect(seqs()).toEqual([4]);
  });

  it('ignores events of another room', async () => {
    h = await start();
    await joinAs(h, { seq: 1 });
    h.net.last.receive(moved(2, 'elsewhere'));
    h.net.last.receive(moved(2));
    expect(h.events.map((e) => [e.room, e.seq])).toEqual([['r1', 2]]);
  });

  it('does not sync when the gap fills within the wait', async () => {
    h = await start(SHORTEST_WAIT);
    await joinAs(h, { seq: 1 });
    h.net.last.receive(moved(3));
    await vi.advanceTimersByTimeAsync(499);
    h.net.last.receive(moved(2));
    await vi.advanceTimersByTimeAsync(1000);
    expect(syncs()).toEqual([]);
    expect(seqs()).toEqual([2, 3]);
  });

  it('asks for a sync when a gap stays open for the wait, and applies the events it answers', async () => {
    h = await start(SHORTEST_WAIT);
    await joinAs(h, { seq: 5 });
    h.net.last.receive(moved(8));
    await vi.advanceTimersByTimeAsync(499);
    expect(syncs()).toEqual([]);

    await vi.advanceTimersByTimeAsync(1);
    const sync = h.net.last.last('sync');
    expect(sync).toMatchObject({ action: 'sync', room: 'r1', since: 5 });
    h.net.last.receive({ type: 'events', re: sync.id, room: 'r1', events: [moved(6), chatEvent(7, 'hi'), moved(8)] });
    await flush();
    expect(seqs()).toEqual([6, 7, 8]);
    expect(h.events.map((e) => e.type)).toEqual(['moved', 'chat', 'moved']);
    expect(syncs()).toHaveLength(1);
  });

  it('applies a snapshot answer: the state jumps to it and the events after it continue', async () => {
    h = await start(SHORTEST_WAIT);
    await joinAs(h, { seq: 5 });
    const views: RoomView[] = [];
    h.client.on('room', (view) => view && views.push(view));
    h.net.last.receive(moved(300));
    h.net.last.receive(moved(302));
    await vi.advanceTimersByTimeAsync(500);
    const sync = h.net.last.last('sync');
    h.net.last.receive({ type: 'snapshot', re: sync.id, room: 'r1', seq: 299, state: stateAt({ status: 'won', winner: 1 }) });
    await flush();

    expect(views.map((v) => [v.cause, v.seq])).toEqual([
      ['snapshot', 299],
      ['event', 300],
    ]);
    expect(views[0]?.state).toMatchObject({ status: 'won', winner: 1 });
    expect(seqs()).toEqual([300]);
    // 301 is still missing: another sync follows after the wait.
    await vi.advanceTimersByTimeAsync(500);
    expect(syncs().map((s) => s.since)).toEqual([5, 300]);
  });

  it('asks again when a sync gets no answer', async () => {
    h = await start({ ...SHORTEST_WAIT, requestTimeoutMs: 1000 });
    await joinAs(h, { seq: 1 });
    h.net.last.receive(moved(3));
    await vi.advanceTimersByTimeAsync(500);
    expect(syncs()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000 + 500);
    expect(syncs()).toHaveLength(2);
  });
});
