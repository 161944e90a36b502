import type { RoomTimer, TimerQueue } from '../../ports/timers';

/** Node's timers cannot wait longer than this; a longer wait is done in hops, as SQS's 15 minutes are. */
const LONGEST_WAIT_MS = 2 ** 31 - 1;

/**
 * The timer queue where there is no SQS (serverless offline, tests): a timer
 * fires in this process when due, so `npm start` shows timeouts for real.
 * Not for Lambda, where a process is frozen between invocations: there the
 * SQS adapter serves. What a firing starts is kept until it settles, so
 * `settled()` can wait for it (tests) and nothing runs unobserved.
 */
export class InProcessTimerQueue implements TimerQueue {
  private readonly running = new Set<Promise<void>>();
  private readonly waiting = new Set<ReturnType<typeof setTimeout>>();
  scheduled = 0;

  constructor(
    private readonly fire: (timer: RoomTimer) => Promise<void>,
    private readonly clock: () => number = Date.now,
    private readonly onError: (error: unknown, timer: RoomTimer) => void = () => {},
  ) {}

  schedule(timer: RoomTimer): Promise<void> {
    this.scheduled++;
    const wait = Math.min(LONGEST_WAIT_MS, Math.max(0, timer.at - this.clock()));
    const handle = setTimeout(() => {
      this.waiting.delete(handle);
      const run = async (): Promise<void> => {
        try {
          await this.fire(timer);
        } catch (error) {
          this.onError(error, timer);
        }
      };
      const tracked: Promise<void> = run().finally(() => this.running.delete(tracked));
      this.running.add(tracked);
    }, wait);
    // A pending game clock must not keep a finished test process or a stopping stack alive.
    handle.unref();
    this.waiting.add(handle);
    return Promise.resolve();
  }

  /** Resolves when every timer that has fired so far has done its work. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Forgets every timer not yet due. */
  cancelAll(): void {
    for (const handle of this.waiting) clearTimeout(handle);
    this.waiting.clear();
  }
}
