// AddPartitionsToTxn, the client versions (v0-3: one transaction per request; v4+ are Kafka's
// broker-to-broker batches and are not served).
import type { AddPartitionsToTxnRequest, AddPartitionsToTxnResponse } from '../../protocol/kafka/generated/index.js';
import { nativeHandler, type KafkaHandler } from './context.js';
import { fencedAsKnownTo } from './producer-fenced.js';

const FENCED_SINCE = 2;

export const kafkaAddPartitionsToTxn: KafkaHandler<AddPartitionsToTxnRequest, AddPartitionsToTxnResponse> = async (
  request,
  version,
  context,
) => {
  const native = await nativeHandler(context, 'AddPartitionsToTxn')(
    {
      transactionalId: request.v3AndBelowTransactionalId,
      producerId: request.v3AndBelowProducerId,
      producerEpoch: request.v3AndBelowProducerEpoch,
      topics: request.v3AndBelowTopics.map((t) => ({ name: t.name, partitions: t.partitions })),
    },
    context,
  );
  return {
    throttleTimeMs: 0,
    resultsByTopicV3AndBelow: (native?.results ?? []).map((t) => ({
      name: t.name,
      resultsByPartition: t.partitions.map((p) => ({
        partitionIndex: p.partition,
        partitionErrorCode: fencedAsKnownTo(p.errorCode, version, FENCED_SINCE),
      })),
    })),
  };
};
