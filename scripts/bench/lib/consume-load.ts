// The benchmarks' consume side: a consumer reads `records` records with eachBatch; resolves with
// records per second. consumeLoad is our SDK's consumer without a group, from offset 0 of every
// partition; readRate times any consumer already subscribed or assigned (KafkaJS's too).
import type { Client, ConsumerConfig } from '../../../client-sdk/index.js';
import { elapsedMs } from './stats.js';

/** What readRate needs of a consumer: ours and KafkaJS's both fit. */
export interface BatchConsumer {
  run(config: {
    autoCommit?: boolean;
    eachBatch: (payload: { batch: { messages: unknown[] } }) => Promise<void>;
  }): Promise<void>;
  disconnect(): Promise<void>;
}

/** Runs `consumer` until `records` records were handed over, then disconnects it; records/s. */
export async function readRate(consumer: BatchConsumer, records: number, autoCommit?: boolean): Promise<number> {
  let count = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const start = process.hrtime.bigint();
  await consumer.run({
    ...(autoCommit === undefined ? {} : { autoCommit }),
    eachBatch: async ({ batch }) => {
      count += batch.messages.length;
      if (count >= records) resolveDone();
    },
  });
  await done;
  const ms = elapsedMs(start);
  await consumer.disconnect();
  return (records / ms) * 1000;
}

export async function consumeLoad(
  client: Client,
  topic: string,
  records: number,
  partitions: number,
  config: ConsumerConfig = {},
): Promise<number> {
  const consumer = client.consumer(config);
  await consumer.connect();
  consumer.assign(Array.from({ length: partitions }, (_, partition) => ({ topic, partition, offset: '0' })));
  return readRate(consumer, records);
}
