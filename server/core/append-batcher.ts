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
import type { AbortedTxnRow, ProducerStateRow } from '../storage/producer-states.js';
import { planAppend, type AppendPlan } from './append-plan.js';
import type { AppendSink, PartitionLog, PendingAppend } from './partition-log.js';
import type { ProducerEntry } from './producer-state.js';

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
    const now = Date.now();
    const next = new Map<PartitionLog, { end: number; bytes: number }>();
    const producers = new Map<PartitionLog, Map<number, ProducerEntry>>();
    const rows: BatchRow[] = [];
    const accepted: { append: PendingAppend; baseOffset: number }[] = [];
    const aborted: AbortedTxnRow[] = [];
    let durable = false;
    for (const append of live) {
      const { log } = append;
      const state = next.get(log) ?? { end: log.logEndOffset, bytes: 0 };
      const changed = producers.get(log);
      let plan: AppendPlan;
      try {
        plan = planAppend(
          append.batches,
          state.end,
          (id) => changed?.get(id) ?? log.producers.get(id),
          now,
          append.marker,
        );
      } catch (err) {
        append.reject(err);
        continue;
      }
      accepted.push({ append, baseOffset: plan.baseOffset });
      for (const { batch, baseOffset } of plan.stored) {
        const bytes = append.data.subarray(batch.start, batch.end);
        setBaseOffset(bytes, baseOffset);
        rows.push({
          topicId: log.topicId,
          partition: log.partition,
          baseOffset,
          lastOffset: baseOffset + batch.lastOffsetDelta,
          maxTimestamp: batch.maxTimestamp,
          data: bytes,
        });
        state.bytes += batch.end - batch.start;
      }
      state.end = plan.endOffset;
      for (const a of plan.aborted) aborted.push({ topicId: log.topicId, partition: log.partition, ...a });
      next.set(log, state);
      if (plan.producers.size > 0) {
        const merged = changed ?? new Map<number, ProducerEntry>();
        for (const [id, entry] of plan.producers) merged.set(id, entry);
        producers.set(log, merged);
      }
      durable ||= append.durable;
    }
    const producerRows: ProducerStateRow[] = [];
    for (const [log, entries] of producers)
      for (const state of entries.values())
        producerRows.push({ topicId: log.topicId, partition: log.partition, state });

    try {
      if (rows.length > 0 || producerRows.length > 0)
        this.store.appendAll(rows, durable, { producers: producerRows, aborted });
    } catch (err) {
      this.log.error({ err, appends: accepted.length }, 'storing record batches failed');
      const failure = new ProtocolError(
        ErrorCode.KAFKA_STORAGE_ERROR,
        `storing record batches failed: ${(err as Error).message}`,
      );
      for (const { append } of accepted) append.reject(failure);
      return;
    }
    this.afterCommit();
    for (const [log, entries] of producers) for (const [id, entry] of entries) log.producers.set(id, entry);
    for (const [log, state] of next) if (state.bytes > 0) log.committed(state.end, state.bytes);
    for (const { append, baseOffset } of accepted)
      append.resolve({ baseOffset, logEndOffset: append.log.logEndOffset, logStartOffset: append.log.logStartOffset });
  }
}
