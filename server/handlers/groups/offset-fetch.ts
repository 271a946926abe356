// OffsetFetch: answered in every group state; nothing committed reads as offset -1. With
// require_stable, offsets an open transaction is about to commit answer UNSTABLE_OFFSET_COMMIT.
import { ErrorCode } from '../../../protocol/errors.js';
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
      partitions: t.partitions.map((p) => {
        const unstable =
          request.requireStable === true &&
          p.errorCode === ErrorCode.NONE &&
          services.transactions.hasPendingOffsets(request.groupId, t.name, p.partition);
        return {
          partition: p.partition,
          committedOffset: unstable ? -1 : p.offset,
          metadata: unstable ? '' : p.metadata,
          errorCode: unstable ? ErrorCode.UNSTABLE_OFFSET_COMMIT : p.errorCode,
        };
      }),
    })),
  };
};
