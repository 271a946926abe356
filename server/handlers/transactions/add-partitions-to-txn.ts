import type { TxnTopicResult } from '../../../protocol/messages.js';
import type { Handler } from '../context.js';
import { itemError } from '../error-code.js';

/** AddPartitionsToTxn: the partitions the producer is about to write in its transaction. */
export const handleAddPartitionsToTxn: Handler<'AddPartitionsToTxn'> = (request, { services, log }) => {
  const wanted = request.topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.name, partition })));
  let results: { partition: { topic: string; partition: number }; errorCode: number; errorMessage: string }[];
  try {
    results = services.transactions.addPartitions(
      request.transactionalId,
      request.producerId,
      request.producerEpoch,
      wanted,
    );
  } catch (err) {
    const e = itemError(err, log, { transactionalId: request.transactionalId });
    results = wanted.map((partition) => ({ partition, ...e }));
  }
  const byTopic = new Map<string, TxnTopicResult>();
  for (const { partition, errorCode, errorMessage } of results) {
    let topic = byTopic.get(partition.topic);
    if (!topic) byTopic.set(partition.topic, (topic = { name: partition.topic, partitions: [] }));
    topic.partitions.push({ partition: partition.partition, errorCode, errorMessage });
  }
  return { results: [...byTopic.values()] };
};
