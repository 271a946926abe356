// TxnOffsetCommit: offsets that become the group's committed offsets when the transaction
// commits. v0-2 carry no generation or member id, so the native check is skipped (-1 and "").
import type { TxnOffsetCommitRequest, TxnOffsetCommitResponse } from '../../protocol/kafka/generated/index.js';
import { nativeHandler, type KafkaHandler } from './context.js';
import { fencedAsKnownTo } from './producer-fenced.js';

/** No TxnOffsetCommit version lists PRODUCER_FENCED among its errors: every version gets INVALID_PRODUCER_EPOCH. */
const FENCED_SINCE = Number.POSITIVE_INFINITY;

export const kafkaTxnOffsetCommit: KafkaHandler<TxnOffsetCommitRequest, TxnOffsetCommitResponse> = async (
  request,
  version,
  context,
) => {
  const native = await nativeHandler(context, 'TxnOffsetCommit')(
    {
      transactionalId: request.transactionalId,
      groupId: request.groupId,
      producerId: request.producerId,
      producerEpoch: request.producerEpoch,
      generationId: request.generationId,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId ?? undefined,
      topics: request.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partition: p.partitionIndex,
          committedOffset: p.committedOffset,
          committedMetadata: p.committedMetadata ?? '',
        })),
      })),
    },
    context,
  );
  return {
    throttleTimeMs: 0,
    topics: (native?.topics ?? []).map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({
        partitionIndex: p.partition,
        errorCode: fencedAsKnownTo(p.errorCode, version, FENCED_SINCE),
      })),
    })),
  };
};
