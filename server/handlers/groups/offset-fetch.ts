// OffsetFetch: answered in every group state; nothing committed reads as offset -1.
import type { Handler } from '../context.js';

export const handleOffsetFetch: Handler<'OffsetFetch'> = (request, { services }) => {
  const result = services.coordinators.forGroup(request.groupId).fetchOffsets({
    groupId: request.groupId,
    topics: request.allTopics ? null : request.topics.map((t) => ({ name: t.name, partitions: t.partitions })),
  });
  return {
    errorCode: result.errorCode,
    topics: result.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({
        partition: p.partition,
        committedOffset: p.offset,
        metadata: p.metadata,
        errorCode: p.errorCode,
      })),
    })),
  };
};
