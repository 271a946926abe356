// Saves the summaries of partitions appended to (log start, end, size) on a timer and at
// shutdown, so a restart reads one row per partition plus only the batches appended since the
// last save (see storage/partition-summary.ts) — without adding a write to every append.
import type { Logger } from '../logger.js';
import type { TopicRegistry } from './topic-registry.js';

export class SummarySaver {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly topics: TopicRegistry,
    private readonly log: Logger,
    private readonly afterSave: () => void = () => {},
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => this.save(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
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
