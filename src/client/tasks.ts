/**
 * Work started from a callback (a socket event, a timer) where nobody can
 * await it. It is kept here instead of being left floating, so `close()` can
 * wait for all of it. A task must handle its own errors: it should never reject.
 */
export class TaskSet {
  private readonly running = new Set<Promise<void>>();

  run(task: () => Promise<void>): void {
    const tracked: Promise<void> = task().finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  /** Resolves when every task, including those started meanwhile, has settled. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
