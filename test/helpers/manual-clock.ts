// A clock that moves only when told to: timers fire in due order inside advance(), including
// timers scheduled by other timers, so state-machine tests run without real waiting.
import type { Clock, Timer } from '../../server/groups/clock.js';

interface Entry {
  due: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export class ManualClock implements Clock {
  private time: number;
  private seq = 0;
  private entries: Entry[] = [];

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  schedule(delayMs: number, fn: () => void): Timer {
    const entry: Entry = { due: this.time + Math.max(0, delayMs), seq: this.seq++, fn, cancelled: false };
    this.entries.push(entry);
    return { cancel: () => void (entry.cancelled = true) };
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. advance(0) fires the 0-delay ones. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const next = this.nextDue();
      if (!next || next.due > target) break;
      this.entries.splice(this.entries.indexOf(next), 1);
      this.time = Math.max(this.time, next.due);
      next.fn();
    }
    this.time = target;
  }

  /** Timers still waiting to fire. */
  get pendingTimers(): number {
    return this.entries.filter((e) => !e.cancelled).length;
  }

  private nextDue(): Entry | undefined {
    this.entries = this.entries.filter((e) => !e.cancelled);
    let best: Entry | undefined;
    for (const e of this.entries) if (!best || e.due < best.due || (e.due === best.due && e.seq < best.seq)) best = e;
    return best;
  }
}
