// Saves the summaries of partitions appended to (log start, end, size) on a timer and at
// shutdown, so a restart reads one row per partition plus only the batches appended since the
// last save (see storage/partition-summary.ts) — without adding a write to every append.
import type { Logger } from '../logger.js';
import type { TopicRegistry } from './topic-registry.js';
import { PeriodicTask } from '../periodic-task.js';

export class SummarySaver {
  private readonly timer = new PeriodicTask(() => this.save());

  constructor(
    private readonly topics: TopicRegistry,
    private readonly log: Logger,
    private readonly afterSave: () => void = () => {},
  ) {}

  start(intervalMs: number): void {
    this.timer.start(intervalMs);
  }

  stop(): void {
    this.timer.stop();
  }

  /** Never throws: a failed save is logged and retried on the next tick (start-up reads the tail meanwhile). */
  save(): void {
    try {
      if (this.topics.saveSummaries() > 0) this.afterSave();
    } catch (err) {
      this.log.warn({ err }, 'saving partition summaries failed');
    }
  }
}
