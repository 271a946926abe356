// Collects records per topic-partition into batches. A batch closes when the next record would
// take it over batchSize bytes (one oversized record still gets a batch of its own); drain()
// closes the rest. Each batch is encoded once, when it is first sent.
import type { CompressionType } from '../../protocol/compression/codecs.js';
import {
  BATCH_HEADER_BYTES,
  compressBatch,
  encodeRecordBatch,
  type BatchProducer,
  type RecordInput,
} from '../../protocol/record-batch.js';
import { utf8Length } from '../../protocol/utf8.js';
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
  records: RecordInput[] = [];
  count = 0;
  bytes = BATCH_HEADER_BYTES;
  attempts = 0;
  sent = false;
  readonly trackers: SendTracker[] = [];
  readonly entries: ResultEntry[] = [];
  private encoded: Buffer | undefined;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly acks: number,
    readonly timeout: number,
    readonly compression: CompressionType,
  ) {}

  get isEncoded(): boolean {
    return this.encoded !== undefined;
  }

  /** The batch's bytes, encoded on the first call (with the producer's id and sequence when idempotent). */
  encode(producer?: () => BatchProducer): Buffer {
    if (!this.encoded) {
      this.encoded = compressBatch(encodeRecordBatch(this.records, Date.now(), producer?.()), this.compression);
      if (!producer) this.records = []; // retries resend the bytes; the records are no longer needed
    }
    return this.encoded;
  }

  /** Sent once: from now on only these bytes may go out (an idempotent batch keeps its records until then). */
  markSent(): void {
    this.sent = true;
    this.records = [];
  }

  /**
   * Drops the bytes of an idempotent batch never sent, so it is encoded again (with a new
   * producer id and sequence); false when it was sent already.
   */
  resetEncoding(): boolean {
    if (this.sent) return false;
    this.encoded = undefined;
    return true;
  }
}

export class RecordAccumulator {
  private readonly open = new Map<string, (ProducerBatch | undefined)[]>();
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

  /** Appends a record and returns its batch; the record is the batch's last. */
  append(
    topic: string,
    partition: number,
    record: RecordInput,
    size: number,
    { acks, timeout, compression }: BatchSettings,
    tracker: SendTracker,
  ): ProducerBatch {
    let byPartition = this.open.get(topic);
    if (!byPartition) this.open.set(topic, (byPartition = []));
    let batch = byPartition[partition];
    const differs = batch && (batch.acks !== acks || batch.timeout !== timeout || batch.compression !== compression);
    if (batch && (differs || batch.bytes + size > this.batchSize)) {
      this.close(byPartition, batch);
      batch = undefined;
    }
    if (!batch) {
      batch = new ProducerBatch(topic, partition, acks, timeout, compression);
      byPartition[partition] = batch;
      this.openCount++;
    }
    if (batch.trackers[batch.trackers.length - 1] !== tracker) {
      batch.trackers.push(tracker);
      tracker.remaining++;
    }
    batch.records.push(record);
    batch.count++;
    batch.bytes += size;
    return batch;
  }

  /**
   * Closes every open batch and hands over all closed ones. A topic's slots stay, empty: clearing
   * the map at every flush would churn its table (see protocol/handle-list.ts).
   */
  drain(): ProducerBatch[] {
    for (const byPartition of this.open.values()) {
      for (const batch of byPartition) if (batch) this.close(byPartition, batch);
    }
    const ready = this.ready;
    this.ready = [];
    return ready;
  }

  private close(byPartition: (ProducerBatch | undefined)[], batch: ProducerBatch): void {
    byPartition[batch.partition] = undefined;
    this.openCount--;
    this.ready.push(batch);
    this.onClose(batch);
  }
}

/** Bytes a record adds to a batch, near enough to decide when a batch is full. */
export function estimateRecordSize(
  key: Buffer | string | null | undefined,
  value: Buffer | string | null,
  headers: RecordInput['headers'],
): number {
  let size = 24;
  if (key != null) size += typeof key === 'string' ? utf8Length(key) : key.length;
  if (value !== null) size += typeof value === 'string' ? utf8Length(value) : value.length;
  if (headers) {
    for (const name in headers) {
      const header = headers[name];
      if (header === undefined) continue;
      for (const v of Array.isArray(header) ? header : [header])
        size += 10 + name.length + (typeof v === 'string' ? utf8Length(v) : v.length);
    }
  }
  return size;
}
