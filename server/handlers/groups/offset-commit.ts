// OffsetCommit: an error per partition. Offsets the coordinator cannot store faithfully
// (negative, or beyond 2^53 after int64 decoding) are refused here with INVALID_REQUEST; the
// rest (member, generation, state, metadata size, unknown partitions) is the coordinator's.
import { ErrorCode } from '../../../protocol/errors.js';
import type { OffsetCommitPartition, OffsetCommitResponse } from '../../../protocol/messages.js';
import type { Handler } from '../context.js';
import { optional } from './wire.js';

const validOffset = (p: OffsetCommitPartition) => Number.isSafeInteger(p.committedOffset) && p.committedOffset >= 0;

export const handleOffsetCommit: Handler<'OffsetCommit'> = (request, { services }) => {
  const result = services.coordinators.forGroup(request.groupId).commitOffsets({
    groupId: request.groupId,
    generationId: request.generationId,
    memberId: request.memberId,
    groupInstanceId: optional(request.groupInstanceId),
    topics: request.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions
        .filter(validOffset)
        .map((p) => ({ partition: p.partition, offset: p.committedOffset, metadata: optional(p.committedMetadata) })),
    })),
  });
  // The coordinator answers its partitions in request order: merge the refused ones back in.
  const response: OffsetCommitResponse = { topics: [] };
  request.topics.forEach((topic, i) => {
    const answered = result.topics[i]?.partitions ?? [];
    let next = 0;
    const partitions = topic.partitions.map((p) => {
      if (!validOffset(p)) return { partition: p.partition, errorCode: ErrorCode.INVALID_REQUEST };
      return { partition: p.partition, errorCode: answered[next++]?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR };
    });
    response.topics.push({ name: topic.name, partitions });
  });
  return response;
};
