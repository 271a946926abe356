// Reads a topic's whole log over the wire (raw Fetch requests), partition by partition, so the
// check sees exactly what the broker stores, not what a consumer chose to hand over.
import { decodeRecordBatches } from '../../../protocol/record-batch.js';
import type { StoredRecord } from './log-check.js';
import { RawConnection } from './raw-connection.js';

const PARTITION_READ_BYTES = 4 * 1024 * 1024;

export async function readLog(port: number, topic: string): Promise<Map<number, StoredRecord[]>> {
  const connection = await RawConnection.connect(port);
  try {
    const metadata = await connection.request('Metadata', { topics: [topic], allowAutoTopicCreation: false });
    const partitions = metadata.topics[0]?.partitions.map((p) => p.partition) ?? [];
    const log = new Map<number, StoredRecord[]>();
    for (const partition of partitions.sort((a, b) => a - b))
      log.set(partition, await readPartition(connection, topic, partition));
    return log;
  } finally {
    connection.destroy();
  }
}

async function readPartition(connection: RawConnection, topic: string, partition: number): Promise<StoredRecord[]> {
  const records: StoredRecord[] = [];
  let next = 0;
  for (;;) {
    const response = await connection.request('Fetch', {
      maxWaitMs: 0,
      minBytes: 0,
      maxBytes: PARTITION_READ_BYTES,
      topics: [
        { name: topic, partitions: [{ partition, fetchOffset: next, partitionMaxBytes: PARTITION_READ_BYTES }] },
      ],
    });
    const answer = response.topics[0]?.partitions[0];
    if (!answer || answer.errorCode !== 0)
      throw new Error(`fetch ${topic}/${partition} at ${next}: error ${answer?.errorCode ?? 'no answer'}`);
    if (next === 0 && answer.logStartOffset > 0) next = answer.logStartOffset;
    const before = next;
    for (const record of decodeRecordBatches(answer.records)) {
      // Only what precedes the fetch offset is skipped: a repeated offset after it must show.
      if (record.offset < before) continue;
      records.push({ offset: record.offset, value: record.value?.toString() ?? '' });
      next = Math.max(next, record.offset + 1);
    }
    if (next >= answer.highWatermark || next === before) return records;
  }
}
