// One partition's log: append validated batches (offsets = base + index), read whole batches
// from an offset, look offsets up by timestamp, and move the log start for retention.
import { HandleList } from '../../protocol/handle-list.js';
import { ErrorCode, ProtocolError } from '../../protocol/errors.js';
import { findRecordByTimestamp, inspectBatches, type BatchInfo } from '../../protocol/record-batch.js';
import type { LogStore, PartitionSummary } from '../storage/log-store.js';
import type { MarkerInfo } from './append-plan.js';
import type { ProducerEntry } from './producer-state.js';
import { encodeControlBatch } from '../../protocol/control-batch.js';

export interface AppendResult {
  baseOffset: number;
  logEndOffset: number;
  logStartOffset: number;
}

export interface ReadResult {
  /** Whole stored batches, in offset order; the first may start before the requested offset. */
  batches: Buffer[];
  bytes: number;
  highWatermark: number;
  logStartOffset: number;
}

export interface OffsetLookup {
  offset: number;
  /** The record's timestamp, or -1 when the offset is the log end. */
  timestamp: number;
}

/** A validated append waiting for the append batcher; offsets are assigned when it is flushed. */
export interface PendingAppend {
  log: PartitionLog;
  /** The batches, private to this append until it settles: base offsets are written into them in place. */
  data: Buffer;
  batches: BatchInfo[];
  durable: boolean;
  /** Set for a transaction marker written by the broker. */
  marker?: MarkerInfo;
  resolve(result: AppendResult): void;
  reject(err: unknown): void;
}

export interface AppendSink {
  enqueue(append: PendingAppend): void;
}

type AppendListener = (bytes: number) => void;

export class PartitionLog {
  logStartOffset = 0;
  logEndOffset = 0;
  sizeBytes = 0;
  deleted = false;
  /** Appended to since its summary was last saved (see TopicRegistry.saveSummaries). */
  unsaved = false;
  // Not a Set: each parked fetch joins and leaves it (see protocol/handle-list.ts).
  private readonly listeners = new HandleList<AppendListener>();
  private producerEntries: Map<number, ProducerEntry> | undefined;

  constructor(
    readonly topicId: number,
    readonly topic: string,
    readonly partition: number,
    private readonly store: LogStore,
    private readonly sink: AppendSink,
    /** The topic's max.message.bytes (or the broker's maxBatchBytes); AlterConfigs may change it. */
    public maxBatchBytes: number,
    stored?: PartitionSummary,
  ) {
    if (stored) this.applySummary(stored);
  }

  /**
   * Validates the batches (length, CRC, size and every record inside) and queues them for the next
   * append batch; resolves once they are stored. Rejects with ProtocolError CORRUPT_MESSAGE or
   * MESSAGE_TOO_LARGE without storing anything. `records` is stored without a copy: the caller
   * must neither change it nor let anyone else read it until the promise settles (base offsets
   * are written into it); afterwards it may reuse the memory, the stored batches are SQLite's copy.
   */
  append(
    records: Uint8Array,
    durable: boolean,
    verify?: (batches: readonly BatchInfo[]) => void,
  ): Promise<AppendResult> {
    let batches: BatchInfo[];
    try {
      if (this.deleted) throw new ProtocolError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      batches = inspectBatches(records, this.maxBatchBytes);
      // Commit and abort markers are written by the transaction coordinator only.
      if (batches.some((b) => b.control))
        throw new ProtocolError(ErrorCode.INVALID_RECORD, 'producers may not send control batches');
      verify?.(batches);
    } catch (err) {
      return Promise.reject(err);
    }
    // Not copied: the bytes are a view into the request's own frame, which nothing else reads
    // or reuses before the request is answered, and SQLite copies them when they are stored.
    const data = Buffer.from(records.buffer, records.byteOffset, records.byteLength);
    return new Promise((resolve, reject) => this.sink.enqueue({ log: this, data, batches, durable, resolve, reject }));
  }

  /** Idempotent producers' state here, by producer id; loaded from storage on first use. */
  get producers(): Map<number, ProducerEntry> {
    this.producerEntries ??= new Map(
      this.store.loadProducers(this.topicId, this.partition).map((e) => [e.producerId, e]),
    );
    return this.producerEntries;
  }

  /** Forgets producers idle since before `before` with no open transaction (storage expired them too). */
  forgetProducers(before: number): void {
    if (!this.producerEntries) return;
    for (const [id, entry] of this.producerEntries)
      if (entry.lastTimestamp < before && entry.txnFirstOffset < 0) this.producerEntries.delete(id);
  }

  /** Writes a commit or abort marker for the producer's transaction here (durably); resolves once stored. */
  appendMarker(producerId: number, producerEpoch: number, commit: boolean): Promise<AppendResult> {
    if (this.deleted) return Promise.reject(new ProtocolError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
    const data = encodeControlBatch(producerId, producerEpoch, commit);
    const batches = inspectBatches(data, Number.MAX_SAFE_INTEGER);
    return new Promise((resolve, reject) =>
      this.sink.enqueue({ log: this, data, batches, durable: true, marker: { commit }, resolve, reject }),
    );
  }

  /**
   * The first offset of the earliest transaction still open here, or the log end when none is:
   * read_committed consumers read up to it (Kafka's last stable offset).
   */
  get lastStableOffset(): number {
    let stable = this.logEndOffset;
    for (const entry of this.producers.values())
      if (entry.txnFirstOffset >= 0 && entry.txnFirstOffset < stable) stable = entry.txnFirstOffset;
    return stable;
  }

  /** The aborted transactions with records in [from, to), for a read_committed Fetch. */
  abortedTransactions(from: number, to: number): { producerId: number; firstOffset: number }[] {
    return this.store.abortedTransactions(this.topicId, this.partition, from, to);
  }

  /** Called by the append batcher once batches up to `logEndOffset` are stored. */
  committed(logEndOffset: number, bytes: number): void {
    this.logEndOffset = logEndOffset;
    this.sizeBytes += bytes;
    this.unsaved = true;
    if (this.listeners.size > 0) for (const listener of this.listeners.snapshot()) listener(bytes);
  }

  /** Batches from the one holding `offset`, up to maxBytes but always one when any exists. */
  read(offset: number, maxBytes: number): ReadResult {
    this.checkOffset(offset);
    const batches = offset === this.logEndOffset ? [] : this.store.read(this.topicId, this.partition, offset, maxBytes);
    let bytes = 0;
    for (const b of batches) bytes += b.length;
    return { batches, bytes, highWatermark: this.logEndOffset, logStartOffset: this.logStartOffset };
  }

  /** The first offset whose record timestamp is >= timestamp, or the log end when none is. */
  offsetForTimestamp(timestamp: number): OffsetLookup {
    // Only batches whose max timestamp says a matching record may be inside are read, timestamps only.
    for (const batch of this.store.batchesWithTimestamp(this.topicId, this.partition, timestamp, this.logStartOffset)) {
      const found = findRecordByTimestamp(batch, timestamp, this.logStartOffset);
      if (found) return found;
    }
    return { offset: this.logEndOffset, timestamp: -1 };
  }

  /** Moves the log start to `offset` (never past the log end), deleting the batches wholly below it. */
  truncateBefore(offset: number): void {
    if (offset <= this.logStartOffset) return;
    const current = { endOffset: this.logEndOffset, sizeBytes: this.sizeBytes };
    this.applySummary(
      this.store.deleteBelow(this.topicId, this.partition, Math.min(offset, this.logEndOffset), current),
    );
    this.unsaved = false; // the delete saved the summary
  }

  /** Log start, end and size as they are now. */
  summary(): PartitionSummary {
    return {
      topicId: this.topicId,
      partition: this.partition,
      startOffset: this.logStartOffset,
      endOffset: this.logEndOffset,
      sizeBytes: this.sizeBytes,
    };
  }

  /** Subscribes to committed appends; returns the unsubscribe function. */
  onAppend(listener: AppendListener): () => void {
    const handle = this.listeners.add(listener);
    return () => void this.listeners.remove(handle);
  }

  /** Marks the log gone (topic deleted) and wakes anyone waiting on it. */
  markDeleted(): void {
    this.deleted = true;
    const listeners = this.listeners.snapshot();
    this.listeners.clear();
    for (const listener of listeners) listener(Number.POSITIVE_INFINITY);
  }

  /** Throws OFFSET_OUT_OF_RANGE unless logStart <= offset <= logEnd. */
  checkOffset(offset: number): void {
    if (this.deleted) throw new ProtocolError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    if (!Number.isSafeInteger(offset) || offset < this.logStartOffset || offset > this.logEndOffset) {
      throw new ProtocolError(
        ErrorCode.OFFSET_OUT_OF_RANGE,
        `offset ${offset} is outside ${this.topic}-${this.partition}'s range [${this.logStartOffset}, ${this.logEndOffset}]`,
      );
    }
  }

  private applySummary(stored: PartitionSummary): void {
    this.logStartOffset = stored.startOffset;
    this.logEndOffset = Math.max(this.logEndOffset, stored.endOffset);
    this.sizeBytes = stored.sizeBytes;
  }
}
