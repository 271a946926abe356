// The benchmarks' consume side: one consumer without a group reads `records` records from offset
// 0 of every partition, with eachBatch; resolves with records per second.
import type { Client } from '../../../client-sdk/index.js';
import { elapsedMs } from './stats.js';

export async function consumeLoad(client: Client, topic: string, records: number, partitions: number): Promise<number> {
  const consumer = client.consumer({});
  await consumer.connect();
  consumer.assign(Array.from({ length: partitions }, (_, partition) => ({ topic, partition, offset: '0' })));
  let count = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const start = process.hrtime.bigint();
  await consumer.run({
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
