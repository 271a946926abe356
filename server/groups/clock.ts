// Time for the group coordinator: the current time and one-shot timers. The broker uses the
// system clock; tests pass a manual clock (test/helpers/manual-clock.ts) and move time by hand, so nothing really waits.

export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `fn` once after `delayMs` (0 = after the current turn), unless cancelled first. */
  schedule(delayMs: number, fn: () => void): Timer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(delayMs, fn) {
    const handle = setTimeout(fn, Math.max(0, delayMs));
    // Group timers must never keep the process alive on their own.
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};
