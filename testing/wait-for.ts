// Waits for a condition on the broker's in-process state, re-checked when the broker says
// something changed (never on a timer): resolves as soon as it holds, rejects on timeout with
// what was awaited and the last state seen, or when the test broker closes.

export interface WaitSpec<T> {
  /** What is awaited, for the timeout message: `group "g" to be Stable with 2 members`. */
  readonly what: string;
  /** The result when the condition holds, else undefined. */
  check(): T | undefined;
  /** The state as last observed, for the timeout message. */
  describe(): string;
  /** Subscribes to the events that may change the outcome; returns the unsubscribe function. */
  subscribe(recheck: () => void): () => void;
  readonly timeoutMs: number;
}

/** Tracks pending waits so the broker's close() can end them (no timer outlives it). */
export class Waits {
  private readonly pending = new Set<(error: Error) => void>();

  wait<T>(spec: WaitSpec<T>): Promise<T> {
    if (!Number.isFinite(spec.timeoutMs) || spec.timeoutMs < 0) {
      return Promise.reject(new TypeError(`timeoutMs must be a non-negative number, got ${String(spec.timeoutMs)}`));
    }
    const ready = spec.check();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise<T>((resolve, reject) => {
      let queued = false;
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        unsubscribe();
        this.pending.delete(abort);
        settle();
      };
      const abort = (error: Error) => finish(() => reject(error));
      // Events fire in the middle of a broker operation: look once it has finished.
      const recheck = () => {
        if (queued) return;
        queued = true;
        queueMicrotask(() => {
          queued = false;
          if (!this.pending.has(abort)) return;
          const value = spec.check();
          if (value !== undefined) finish(() => resolve(value));
        });
      };
      const unsubscribe = spec.subscribe(recheck);
      const timer = setTimeout(
        () =>
          abort(
            new Error(
              `timed out after ${spec.timeoutMs} ms waiting for ${spec.what}; last observed: ${spec.describe()}`,
            ),
          ),
        spec.timeoutMs,
      );
      this.pending.add(abort);
    });
  }

  /** Rejects every pending wait (the broker is closing). */
  abortAll(reason: string): void {
    for (const abort of [...this.pending]) abort(new Error(reason));
  }
}
