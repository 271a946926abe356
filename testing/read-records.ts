// Reads a topic's records straight from the broker's partition logs (no consumer, no group):
// what consumeN waits on, woken by appends and topic changes. Read as a read_committed consumer
// would: up to the last stable offset, without transaction markers or aborted records.
import { decodeUsableBatches } from '../protocol/record-batch.js';
import type { BrokerServices } from '../server/broker-services.js';

/** A record as the SDK's consumer hands it over (KafkaJS's shape), with its topic and partition. */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | Buffer[]>;
  /** Milliseconds since the epoch, as a string. */
  timestamp: string;
}

const READ_BYTES = 1024 * 1024;

/** Up to `limit` committed records of the topic from the log start, partition by partition, offsets in order. */
export function readRecords(services: BrokerServices, topicName: string, limit: number): ConsumedMessage[] {
  const topic = services.topics.get(topicName);
  const out: ConsumedMessage[] = [];
  for (const log of topic?.partitions ?? []) {
    let next = log.logStartOffset;
    const stable = log.lastStableOffset;
    while (next < stable && out.length < limit) {
      const before = next;
      const aborted = log.abortedTransactions(next, stable);
      // Decoded together: an abort marker ends its transaction for the batches after it.
      const decoded = decodeUsableBatches(Buffer.concat(log.read(next, READ_BYTES).batches), false, aborted);
      for (const record of decoded.records) {
        if (record.offset < next || record.offset >= stable || out.length >= limit) continue;
        out.push({
          topic: topicName,
          partition: log.partition,
          offset: String(record.offset),
          key: record.key,
          value: record.value,
          headers: record.headers,
          timestamp: String(record.timestamp),
        });
        next = record.offset + 1;
      }
      // Markers and aborted records are skipped, but reading goes on after them.
      if (decoded.nextOffset !== undefined && decoded.nextOffset > next) next = Math.min(decoded.nextOffset, stable);
      if (next === before) break;
    }
  }
  return out;
}

/** How many records the topic holds now (log end minus log start, over its partitions). */
export function recordCount(services: BrokerServices, topicName: string): number {
  return (services.topics.get(topicName)?.partitions ?? []).reduce(
    (sum, log) => sum + log.logEndOffset - log.logStartOffset,
    0,
  );
}

/** Calls `changed` on every append to the topic and when it is created, deleted or grown. */
export function watchTopic(services: BrokerServices, topicName: string, changed: () => void): () => void {
  let unlisten: (() => void)[] = [];
  const listen = () => {
    unlisten.forEach((off) => off());
    unlisten = (services.topics.get(topicName)?.partitions ?? []).map((log) => log.onAppend(() => changed()));
  };
  listen();
  const unwatch = services.topics.watch((name) => {
    if (name !== topicName) return;
    listen();
    changed();
  });
  return () => {
    unwatch();
    unlisten.forEach((off) => off());
  };
}
