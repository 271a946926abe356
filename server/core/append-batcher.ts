// Append batcher (what databases call a "group commit"; nothing to do with consumer groups):
// every append queued in one event-loop turn is written in ONE SQLite transaction, flushed from
// setImmediate; each producer's promise settles after the commit.
//
// fsync policy. acks=1: the transaction commits in WAL mode with synchronous=NORMAL, so an
// acknowledged batch survives a crash of the broker process but not a power loss or OS crash.
// acks=-1 (all): a flush holding any such append commits with synchronous=FULL, so the WAL is
// fsynced before any producer in it is answered. acks=0: stored like acks=1, never answered.
// In-memory brokers keep nothing across restarts whatever the acks.
import { ErrorCode, ProtocolError } from '../../protocol/errors.js';
import { setBaseOffset } from '../../protocol/record-batch.js';
import type { Logger } from '../logger.js';
import type { BatchRow, LogStore } from '../storage/log-store.js';
import type { AppendSink, PartitionLog, PendingAppend } from './partition-log.js';

export class AppendBatcher implements AppendSink {
  private queue: PendingAppend[] = [];
  private scheduled: NodeJS.Immediate | undefined;

  constructor(
    private readonly store: LogStore,
    private readonly log: Logger,
    private readonly afterCommit: () => void = () => {},
  ) {}

  enqueue(append: PendingAppend): void {
    this.queue.push(append);
    this.scheduled ??= setImmediate(() => this.flush());
  }

  /** Writes everything queued now; also used on shutdown. */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const queue = this.queue;
    if (queue.length === 0) return;
    this.queue = [];

    const live = queue.filter((a) => !a.log.deleted);
    for (const a of queue) if (a.log.deleted) a.reject(new ProtocolError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));

    // Offsets are assigned here, so a failed transaction leaves nothing to roll back in memory.
    const next = new Map<PartitionLog, { end: number; bytes: number }>();
    const rows: BatchRow[] = [];
    const baseOffsets: number[] = [];
    let durable = false;
    for (const append of live) {
      const state = next.get(append.log) ?? { end: append.log.logEndOffset, bytes: 0 };
      baseOffsets.push(state.end);
      for (const b of append.batches) {
        const bytes = append.data.subarray(b.start, b.end);
        setBaseOffset(bytes, state.end);
        rows.push({
          topicId: append.log.topicId,
          partition: append.log.partition,
          baseOffset: state.end,
          lastOffset: state.end + b.lastOffsetDelta,
          maxTimestamp: b.maxTimestamp,
          data: bytes,
        });
        state.end += b.recordCount;
      }
      state.bytes += append.data.length;
      next.set(append.log, state);
      durable ||= append.durable;
    }

    try {
      this.store.appendAll(rows, durable);
    } catch (err) {
      this.log.error({ err, appends: live.length }, 'storing record batches failed');
      const failure = new ProtocolError(
        ErrorCode.KAFKA_STORAGE_ERROR,
        `storing record batches failed: ${(err as Error).message}`,
      );
      for (const a of live) a.reject(failure);
      return;
    }
    this.afterCommit();
    for (const [log, state] of next) log.committed(state.end, state.bytes);
    live.forEach((a, i) =>
      a.resolve({
        baseOffset: baseOffsets[i]!,
        logEndOffset: a.log.logEndOffset,
        logStartOffset: a.log.logStartOffset,
      }),
    );
  }
}
