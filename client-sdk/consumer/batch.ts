// A fetched run of records of one partition, as the handlers see it (KafkaJS's Batch shape:
// offsets and timestamps are strings).
import type { UsableBatch } from '../../protocol/record-batch.js';
import { readBatchRecords } from '../../protocol/record-read.js';

export interface KafkaMessage {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | Buffer[]>;
  /** Milliseconds since the epoch, as a string (KafkaJS). */
  timestamp: string;
  attributes: number;
}

export class Batch {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly highWatermark: string,
    readonly messages: KafkaMessage[],
    /** The partition's epoch when fetched; a seek or pause since then makes the batch stale. */
    readonly epoch: number,
  ) {}

  isEmpty(): boolean {
    return this.messages.length === 0;
  }

  firstOffset(): string | null {
    return this.messages.length > 0 ? this.messages[0]!.offset : null;
  }

  /** The last message's offset; for an empty batch, the high watermark - 1 (as KafkaJS). */
  lastOffset(): string {
    return this.messages.length > 0
      ? this.messages[this.messages.length - 1]!.offset
      : String(Number(this.highWatermark) - 1);
  }

  /** Records left after this batch. */
  offsetLag(): string {
    return String(Math.max(0, Number(this.highWatermark) - 1 - Number(this.lastOffset())));
  }

  /** Records left from this batch's first record. */
  offsetLagLow(): string {
    const first = this.firstOffset();
    return first === null ? '0' : String(Math.max(0, Number(this.highWatermark) - 1 - Number(first)));
  }
}

/** One partition's part of a Fetch response, checked but kept as bytes until the runner takes it. */
export class FetchedRecords {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly highWatermark: string,
    /** Checked data batches whose last offset is at or after `fromOffset`. */
    private readonly batches: readonly UsableBatch[],
    /** The fetch offset: earlier records of the first batch are left out. */
    private readonly fromOffset: number,
    /** The partition's epoch when fetched; a seek or pause since then makes the records stale. */
    readonly epoch: number,
  ) {}

  /**
   * The records as the handler sees them, decoded now (not when fetched): prefetched data stays
   * compact bytes, and the message objects live only as long as the handler keeps them.
   */
  toBatch(): Batch {
    const messages: KafkaMessage[] = [];
    // Records of one batch mostly share a timestamp: its string is made once, not per record.
    let lastTimestamp = NaN;
    let lastTimestampText = '';
    const message = (
      offset: number,
      timestamp: number,
      key: Buffer | null,
      value: Buffer | null,
      headers: KafkaMessage['headers'],
    ): KafkaMessage => {
      if (timestamp !== lastTimestamp) {
        lastTimestamp = timestamp;
        lastTimestampText = String(timestamp);
      }
      return { offset: String(offset), key, value, headers, timestamp: lastTimestampText, attributes: 0 };
    };
    for (const batch of this.batches) readBatchRecords(batch, this.fromOffset, message, messages);
    return new Batch(this.topic, this.partition, this.highWatermark, messages, this.epoch);
  }
}
