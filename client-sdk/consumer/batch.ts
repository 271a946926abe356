// A fetched run of records of one partition, as the handlers see it (KafkaJS's Batch shape:
// offsets and timestamps are strings).
import { decodeUsableBatches, type AbortedRange, type CorruptBatch } from '../../protocol/record-batch.js';

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

/** What one partition's fetched bytes give the consumer. */
export interface DecodedMessages {
  /** The records at or after the fetch offset, up to the first unusable batch. */
  messages: KafkaMessage[];
  /** The first batch that failed its checks, if any. */
  corrupt?: CorruptBatch;
  /** The offset after the last whole batch (markers and aborted records skipped included). */
  nextOffset?: number;
}

/** Decodes fetched record batches into messages at or after `fromOffset` (earlier ones are skipped). */
export function decodeMessages(
  records: Uint8Array,
  fromOffset: number,
  aborted: readonly AbortedRange[] = [],
): DecodedMessages {
  const { records: decoded, corrupt, nextOffset } = decodeUsableBatches(records, true, aborted);
  const messages: KafkaMessage[] = [];
  for (let i = 0; i < decoded.length; i++) {
    const record = decoded[i]!;
    if (record.offset < fromOffset) continue;
    messages.push({
      offset: String(record.offset),
      key: record.key,
      value: record.value,
      headers: record.headers,
      timestamp: String(record.timestamp),
      attributes: 0,
    });
  }
  return corrupt ? { messages, corrupt, nextOffset } : { messages, nextOffset };
}
