// admin.deleteTopicRecords, as KafkaJS: moves partitions' log start offsets ('-1': to the high
// watermark, deleting everything); consumers can no longer read below them.
import { MinibrokerAggregateError, MinibrokerInvalidArgumentError, MinibrokerProtocolError } from '../errors.js';
import type { Cluster } from '../network/cluster.js';
import { validateTopicName } from '../producer/validate.js';

export interface DeleteTopicRecordsArgs {
  topic: string;
  partitions: { partition: number; offset: string | number }[];
}

export async function deleteTopicRecords(
  cluster: Cluster,
  { topic, partitions }: DeleteTopicRecordsArgs,
): Promise<void> {
  validateTopicName(topic);
  if (!Array.isArray(partitions) || partitions.length === 0)
    throw new MinibrokerInvalidArgumentError('deleteTopicRecords needs a non-empty partitions array');
  const request = partitions.map(({ partition, offset }) => {
    const n = Number(offset);
    if (!Number.isInteger(partition) || partition < 0 || !Number.isSafeInteger(n) || n < -1)
      throw new MinibrokerInvalidArgumentError(
        `deleteTopicRecords: partition ${partition} needs an offset of -1 (all) or more, got ${String(offset)}`,
      );
    return { partition, offset: n };
  });
  const response = await cluster.retrier(async () =>
    (await cluster.anyConnection()).request('DeleteRecords', {
      topics: [{ name: topic, partitions: request }],
      timeoutMs: 30_000,
    }),
  );
  const errors = response.topics.flatMap((t) =>
    t.partitions
      .filter((p) => p.errorCode !== 0)
      .map((p) => new MinibrokerProtocolError(p.errorCode, `${t.name}/${p.partition}: ${p.errorMessage}`)),
  );
  if (errors.length === 1) throw errors[0]!;
  if (errors.length > 1) throw new MinibrokerAggregateError('deleteTopicRecords failed', errors);
}
