// A consume-transform-produce service with exactly-once output: each batch of input records is
// transformed into output records and written in ONE transaction together with the input
// offsets (sendOffsets), so a crash anywhere either commits both or neither. Read back with a
// read_committed consumer (the default), the output holds every input exactly once.
import { Client, type Consumer, type LogLevel, type Producer } from '../../client-sdk/index.js';

export interface TransformServiceOptions {
  brokers: string[];
  inputTopic: string;
  outputTopic: string;
  groupId: string;
  /**
   * One per instance and stable across its restarts: the restarted instance fences its own
   * zombie (and aborts the transaction it left open) when it connects.
   */
  transactionalId: string;
  /** How long the group waits for a silent instance before giving its partitions away. */
  sessionTimeout?: number;
  /** How long the broker lets a transaction stay open before aborting it. */
  transactionTimeout?: number;
  /** Bytes fetched per partition at a time, which bounds a transaction's size (consumer default 1 MiB). */
  maxBytesPerPartition?: number;
  /** Simulated processing time per batch, ms (default 0): chaos runs use it so kills land mid-transaction. */
  workMsPerBatch?: number;
  logLevel?: LogLevel;
}

export interface TransformService {
  stop(): Promise<void>;
}

/** The transformation: here, upper-casing the value and keeping the key. */
export function transform(value: Buffer | null): string {
  return `out:${value?.toString().toUpperCase() ?? ''}`;
}

export async function startTransformService(options: TransformServiceOptions): Promise<TransformService> {
  const client = new Client({
    clientId: options.transactionalId,
    brokers: options.brokers,
    logLevel: options.logLevel ?? 'error',
  });
  const producer: Producer = client.producer({
    transactionalId: options.transactionalId,
    maxInFlightRequests: 1,
    idempotent: true,
    transactionTimeout: options.transactionTimeout ?? 30_000,
  });
  const consumer: Consumer = client.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeout ?? 10_000,
    maxBytesPerPartition: options.maxBytesPerPartition,
    // readUncommitted: false is the default: the service would also read other services' output safely.
  });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [options.inputTopic], fromBeginning: true });
  await consumer.run({
    // The transaction commits the offsets; the consumer must not commit on its own.
    autoCommit: false,
    eachBatch: async (payload) => {
      const { batch } = payload;
      if (batch.messages.length === 0 || payload.isStale()) return;
      const transaction = await producer.transaction();
      try {
        if (options.workMsPerBatch) await new Promise((resolve) => setTimeout(resolve, options.workMsPerBatch));
        await transaction.send({
          topic: options.outputTopic,
          messages: batch.messages.map((m) => ({
            key: m.key,
            value: transform(m.value),
            headers: { source: `${batch.partition}:${m.offset}` },
          })),
        });
        await transaction.sendOffsets({
          consumer, // its generation and member id fence a zombie member's offsets (KIP-447)
          topics: [
            {
              topic: batch.topic,
              partitions: [{ partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) }],
            },
          ],
        });
        await transaction.commit();
      } catch (error) {
        // Nothing of this batch is visible; the consumer hands the batch over again.
        if (transaction.isActive()) await transaction.abort().catch(() => undefined);
        throw error;
      }
    },
  });
  return {
    async stop() {
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
