/**
 * Waits that end early when their reason does: a retry after RATE_LIMITED is
 * pointless once its socket has closed (the reconnect starts over with a fresh
 * budget) or the client is closing, and it must not then go out on the next
 * socket ahead of the rejoin.
 */
export class Pauses {
  private readonly waiting = new Set<{ timer: ReturnType<typeof setTimeout>; cancel: (error: Error) => void }>();

  /** Resolves after `ms`, or rejects with the error `cancelAll` is given. */
  async wait(ms: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const entry = {
        timer: setTimeout(() => {
          this.waiting.delete(entry);
          resolve();
        }, ms),
        cancel: reject,
      };
      this.waiting.add(entry);
    });
  }

  cancelAll(error: Error): void {
    for (const entry of this.waiting) {
      clearTimeout(entry.timer);
      entry.cancel(error);
    }
    this.waiting.clear();
  }
}
