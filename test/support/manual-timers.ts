import type { RoomTimer, TimerQueue } from '../../src/ports/timers';

/** Timers a test fires itself, when its fake clock says so. */
export class ManualTimerQueue implements TimerQueue {
  readonly scheduled: RoomTimer[] = [];

  schedule(timer: RoomTimer): Promise<void> {
    this.scheduled.push(timer);
    return Promise.resolve();
  }

  /** Takes out every timer due by `now`, oldest first. */
  due(now: number): RoomTimer[] {
    const due = this.scheduled.filter((timer) => timer.at <= now).sort((a, b) => a.at - b.at);
    for (const timer of due) this.scheduled.splice(this.scheduled.indexOf(timer), 1);
    return due;
  }
}
