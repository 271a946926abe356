import type { OffsetCommitRequest, OffsetCommitResponse } from '../../protocol/kafka/generated/index.js';
import { handleOffsetCommit } from '../handlers/groups/offset-commit.js';
import type { KafkaHandler } from './context.js';

export const kafkaOffsetCommit: KafkaHandler<OffsetCommitRequest, OffsetCommitResponse> = async (
  request,
  _version,
  context,
) => {
  const native = await handleOffsetCommit(
    {
      groupId: request.groupId,
      generationId: request.generationIdOrMemberEpoch,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId,
      topics: request.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partition: p.partitionIndex,
          committedOffset: p.committedOffset,
          committedMetadata: p.committedMetadata,
        })),
      })),
    },
    context,
  );
  if (!native) return undefined;
  return {
    throttleTimeMs: 0,
    topics: native.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({ partitionIndex: p.partition, errorCode: p.errorCode })),
    })),
  };
};
