// Long-poll support: a Fetch that found too few bytes parks here until enough are appended to
// any of its partitions, its wait expires, or the broker shuts down.
import { HandleList } from '../../protocol/handle-list.js';
import type { PartitionLog } from './partition-log.js';

export class FetchWaiters {
  // Not a Set: with consumers tailing a busy topic, fetches park and leave all the time (see
  // protocol/handle-list.ts).
  private readonly parked = new HandleList<() => void>();
  private closed = false;

  /** Resolves once `neededBytes` more bytes were committed to the logs, or after maxWaitMs. */
  wait(logs: readonly PartitionLog[], neededBytes: number, maxWaitMs: number): Promise<void> {
    if (this.closed || maxWaitMs <= 0 || logs.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      let appended = 0;
      let finished = false;
      const unsubscribe: (() => void)[] = [];
      const done = () => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        for (const off of unsubscribe) off();
        this.parked.remove(handle);
        resolve();
      };
      for (const log of logs) {
        unsubscribe.push(
          log.onAppend((bytes) => {
            appended += bytes;
            if (appended >= neededBytes) done();
          }),
        );
      }
      const timer = setTimeout(done, maxWaitMs);
      const handle = this.parked.add(done);
    });
  }

  get size(): number {
    return this.parked.size;
  }

  /** Answers every parked fetch now and stops parking new ones (shutdown). */
  releaseAll(): void {
    this.closed = true;
    for (const done of this.parked.snapshot()) done();
  }
}
