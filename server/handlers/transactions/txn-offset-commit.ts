import type { TxnTopicResult } from '../../../protocol/messages.js';
import type { Handler } from '../context.js';
import { itemError } from '../error-code.js';

/** TxnOffsetCommit: offsets that become the group's committed offsets when the transaction commits. */
export const handleTxnOffsetCommit: Handler<'TxnOffsetCommit'> = (request, { services, log }) => {
  let results: { name: string; partition: number; errorCode: number; errorMessage?: string }[];
  try {
    results = services.transactions.commitOffsets({
      transactionalId: request.transactionalId,
      groupId: request.groupId,
      producerId: request.producerId,
      producerEpoch: request.producerEpoch,
      generationId: request.generationId,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId,
      topics: request.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partition: p.partition,
          offset: p.committedOffset,
          metadata: p.committedMetadata,
        })),
      })),
    });
  } catch (err) {
    const e = itemError(err, log, { transactionalId: request.transactionalId, groupId: request.groupId });
    results = request.topics.flatMap((t) => t.partitions.map((p) => ({ name: t.name, partition: p.partition, ...e })));
  }
  const byTopic = new Map<string, TxnTopicResult>();
  for (const { name, partition, errorCode, errorMessage } of results) {
    let topic = byTopic.get(name);
    if (!topic) byTopic.set(name, (topic = { name, partitions: [] }));
    topic.partitions.push({ partition, errorCode, errorMessage: errorMessage ?? '' });
  }
  return { topics: [...byTopic.values()] };
};
