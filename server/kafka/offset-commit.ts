import type { OffsetCommitRequest, OffsetCommitResponse } from '../../protocol/kafka/generated/index.js';
import { handleOffsetCommit } from '../handlers/groups/offset-commit.js';
import type { KafkaHandler } from './context.js';
import type { HandlerContext } from '../handlers/context.js';

/** Kafka's "earliest" and "latest" offsets, which KafkaJS commits to reset a group (resetOffsets, seek). */
const EARLIEST = -2;
const LATEST = -1;

/**
 * Kafka stores such a commit as is and consumers then fall back to their reset policy; here
 * committed offsets are never negative, so the sentinel becomes the offset it stands for now.
 */
function resolveOffset({ services }: HandlerContext, topicName: string, partition: number, offset: number): number {
  if (offset !== EARLIEST && offset !== LATEST) return offset;
  const topic = services.topics.get(topicName);
  const log = topic?.partitions[partition];
  if (!log) return offset;
  return offset === EARLIEST ? log.logStartOffset : log.logEndOffset;
}

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
          committedOffset: resolveOffset(context, t.name, p.partitionIndex, p.committedOffset),
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
