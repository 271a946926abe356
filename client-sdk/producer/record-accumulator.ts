// Collects records per topic-partition into batches, each written as its records arrive
// (RecordBatchBuilder). A batch closes when the next record would take it over batchSize bytes
// (one oversized record still gets a batch of its own); drain() closes the rest.
import type { CompressionType } from '../../protocol/compression/codecs.js';
import { compressBatch, type BatchProducer, type RecordInput } from '../../protocol/record-batch.js';
import { RecordBatchBuilder } from '../../protocol/record-encode.js';
import type { RecordMetadata } from '../types.js';

/** One send() call waiting for the batches holding its records. */
export interface SendTracker {
  remaining: number;
  results: RecordMetadata[];
  settled: boolean;
  /** The send's `timeout` after it was made: an outage is waited out until then (producer/retry-plan.ts). */
  deadline: number;
  resolve(results: RecordMetadata[]): void;
  reject(error: Error): void;
}

/** What a batch holds one value of: records of sends that differ go to different batches. */
export interface BatchSettings {
  acks: number;
  timeout: number;
  compression: CompressionType;
}

/** Where a send's first record for a partition sits, to report that record's offset. */
export interface ResultEntry {
  index: number;
  metadata: RecordMetadata;
}

export class ProducerBatch {
  attempts = 0;
  sent = false;
  readonly trackers: SendTracker[] = [];
  readonly entries: ResultEntry[] = [];
  private encoded: Buffer | undefined;
  private writesInProgress = 0;
  private done = false;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly acks: number,
    readonly timeout: number,
    readonly compression: CompressionType,
    private readonly builder: RecordBatchBuilder,
  ) {}

  get count(): number {
    return this.builder.count;
  }

  /** Bytes of the records written so far, batch header included (before compression). */
  get bytes(): number {
    return this.builder.bytes;
  }

  /** True once the batch's memory went back for other batches. */
  get released(): boolean {
    return this.builder.released;
  }

  get isEncoded(): boolean {
    return this.encoded !== undefined;
  }

  /** Writes a record into the batch; false when it would take the batch over its size. */
  append(record: RecordInput, timestamp: number): boolean {
    return this.builder.append(record, timestamp);
  }

  /** The batch's bytes, finished on the first call (with the producer's id and sequence when idempotent). */
  encode(producer?: () => BatchProducer): Buffer {
    this.encoded ??= compressBatch(this.builder.finish(producer?.()), this.compression);
    return this.encoded;
  }

  /** Sent once: from now on only these bytes may go out. */
  markSent(): void {
    this.sent = true;
  }

  /** A request carrying the batch's bytes is being written to a socket. */
  writeStarted(): void {
    this.writesInProgress++;
  }

  /** That write completed or failed: the socket reads the bytes no more. */
  writeEnded(): void {
    if (--this.writesInProgress === 0 && this.done) this.builder.release();
  }

  /**
   * The batch was answered or given up and will not be sent again: its memory goes back for
   * other batches once no write still reads it.
   */
  finished(): void {
    if (this.done) return;
    this.done = true;
    this.encoded = undefined;
    if (this.writesInProgress === 0) this.builder.release();
  }

  /**
   * Lets a batch of an idempotent producer never sent be finished again (with a new producer id
   * and sequence); false when it was sent already.
   */
  resetEncoding(): boolean {
    if (this.sent) return false;
    this.encoded = undefined;
    return true;
  }
}

/** A topic's open batch per partition, and how large each partition's batches have been lately. */
interface TopicBatches {
  open: (ProducerBatch | undefined)[];
  /** Per partition: the larger of its last batch's size and half the figure before. */
  recentBytes: number[];
}

const sameSettings = (batch: ProducerBatch, { acks, timeout, compression }: BatchSettings) =>
  batch.acks === acks && batch.timeout === timeout && batch.compression === compression;

/** Memory a partition's first batch starts with; later ones start from the sizes recent ones reached. */
const FIRST_CAPACITY = 512;

export class RecordAccumulator {
  private readonly open = new Map<string, TopicBatches>();
  private ready: ProducerBatch[] = [];
  private openCount = 0;

  constructor(
    private readonly batchSize: number,
    private readonly onClose: (batch: ProducerBatch) => void,
  ) {}

  get size(): number {
    return this.openCount + this.ready.length;
  }

  /** True when some batch is full and waiting to be sent. */
  get hasFullBatches(): boolean {
    return this.ready.length > 0;
  }

  /**
   * Writes a record into its partition's open batch (`timestamp` when it has none) and returns the
   * batch; the record is the batch's last.
   */
  append(
    topic: string,
    partition: number,
    record: RecordInput,
    timestamp: number,
    settings: BatchSettings,
    tracker: SendTracker,
  ): ProducerBatch {
    let batches = this.open.get(topic);
    if (!batches) this.open.set(topic, (batches = { open: [], recentBytes: [] }));
    let batch = batches.open[partition];
    // A batch holds one value of each setting; a record that differs, or does not fit, closes it.
    if (batch && !(sameSettings(batch, settings) && batch.append(record, timestamp))) {
      this.close(batches, batch);
      batch = undefined;
    }
    if (!batch) {
      batch = this.openBatch(batches, topic, partition, settings);
      batch.append(record, timestamp); // an empty batch takes any record
    }
    if (batch.trackers[batch.trackers.length - 1] !== tracker) {
      batch.trackers.push(tracker);
      tracker.remaining++;
    }
    return batch;
  }

  /**
   * Closes every open batch and hands over all closed ones. A topic's slots stay, empty: clearing
   * the map at every flush would churn its table (see protocol/handle-list.ts).
   */
  drain(): ProducerBatch[] {
    for (const batches of this.open.values()) {
      for (const batch of batches.open) if (batch) this.close(batches, batch);
    }
    const ready = this.ready;
    this.ready = [];
    return ready;
  }

  private openBatch(batches: TopicBatches, topic: string, partition: number, settings: BatchSettings): ProducerBatch {
    // Sized by the partition's recent batches: under load batches start full-sized and are not
    // copied to grow, even after a flush sent a small remainder; one-record sends take a few
    // hundred bytes, not batchSize each.
    const capacity = Math.max(FIRST_CAPACITY, 2 * (batches.recentBytes[partition] ?? 0));
    const builder = new RecordBatchBuilder(this.batchSize, capacity);
    const batch = new ProducerBatch(topic, partition, settings.acks, settings.timeout, settings.compression, builder);
    batches.open[partition] = batch;
    this.openCount++;
    return batch;
  }

  private close(batches: TopicBatches, batch: ProducerBatch): void {
    batches.open[batch.partition] = undefined;
    batches.recentBytes[batch.partition] = Math.max(batch.bytes, (batches.recentBytes[batch.partition] ?? 0) / 2);
    this.openCount--;
    this.ready.push(batch);
    this.onClose(batch);
  }
}
