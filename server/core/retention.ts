// Retention: on a timer, deletes whole batches older than retention.ms (by their max
// timestamp) or beyond retention.bytes per partition, oldest first, never the last batch, and
// moves the log start offset past them.
import type { Logger } from '../logger.js';
import type { LogStore } from '../storage/log-store.js';
import type { PartitionLog } from './partition-log.js';
import { RETENTION_BYTES, RETENTION_MS, topicRetention, type TopicRegistry } from './topic-registry.js';
import { PeriodicTask } from '../periodic-task.js';

export interface RetentionDefaults {
  retentionMs: number;
  retentionBytes: number;
}

export class Retention {
  private readonly timer = new PeriodicTask(() => this.run());

  constructor(
    private readonly topics: TopicRegistry,
    private readonly store: LogStore,
    private readonly defaults: RetentionDefaults,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  start(intervalMs: number): void {
    this.timer.start(intervalMs);
  }

  stop(): void {
    this.timer.stop();
  }

  /** One pass over every partition; returns how many partitions moved their log start. */
  run(): number {
    let moved = 0;
    try {
      for (const topic of this.topics.list()) {
        const ms = topicRetention(topic, RETENTION_MS) ?? this.defaults.retentionMs;
        const bytes = topicRetention(topic, RETENTION_BYTES) ?? this.defaults.retentionBytes;
        for (const partition of topic.partitions) if (this.enforce(partition, ms, bytes)) moved++;
      }
    } catch (err) {
      this.log.error({ err }, 'retention pass failed');
    }
    if (moved > 0) this.log.debug({ partitions: moved }, 'retention moved log start offsets');
    return moved;
  }

  private enforce(log: PartitionLog, retentionMs: number, retentionBytes: number): boolean {
    if (log.logEndOffset === log.logStartOffset) return false;
    const lastOffset = log.logEndOffset - 1;
    let start = log.logStartOffset;
    if (retentionMs >= 0) {
      const kept = this.store.firstRetainedByTime(log.topicId, log.partition, this.now() - retentionMs, lastOffset);
      if (kept !== undefined) start = Math.max(start, kept);
    }
    if (retentionBytes >= 0 && log.sizeBytes > retentionBytes) {
      let size = log.sizeBytes;
      for (const span of this.store.spans(log.topicId, log.partition)) {
        if (span.lastOffset >= lastOffset || size <= retentionBytes) {
          start = Math.max(start, span.baseOffset);
          break;
        }
        size -= span.size;
      }
    }
    if (start <= log.logStartOffset) return false;
    log.truncateBefore(start);
    return true;
  }
}
