// Writes a record batch into a broker's log without the produce checks, as a batch stored
// before those checks existed (or damaged on disk) would sit there: consumer tests need one.
import type { Broker } from '../../server/broker.js';
import type { AppendResult, AppendSink } from '../../server/core/partition-log.js';

export function storeUnchecked(broker: Broker, topic: string, partition: number, batch: Buffer): Promise<AppendResult> {
  const log = broker.services.topics.get(topic)?.partitions[partition];
  if (!log) throw new Error(`storeUnchecked: no partition ${topic}/${partition}`);
  // The log's own sink (the append batcher), reached past its private field on purpose.
  const sink = (log as unknown as { sink: AppendSink }).sink;
  const facts = {
    start: 0,
    end: batch.length,
    recordCount: batch.readInt32BE(57),
    lastOffsetDelta: batch.readInt32BE(23),
    baseTimestamp: Number(batch.readBigInt64BE(27)),
    maxTimestamp: Number(batch.readBigInt64BE(35)),
    // Stored as a batch of a producer without idempotence, whatever its header says.
    producerId: -1,
    producerEpoch: -1,
    baseSequence: -1,
    transactional: false,
    control: false,
  };
  return new Promise((resolve, reject) =>
    sink.enqueue({ log, data: Buffer.from(batch), batches: [facts], durable: false, resolve, reject }),
  );
}
