// DeleteRecords: each partition's log start offset moves up to the given offset (-1: the high
// watermark), as the native DeleteRecords does.
import type { DeleteRecordsRequest, DeleteRecordsResponse } from '../../protocol/kafka/generated/index.js';
import { nativeHandler, type KafkaHandler } from './context.js';

export const kafkaDeleteRecords: KafkaHandler<DeleteRecordsRequest, DeleteRecordsResponse> = async (
  request,
  _version,
  context,
) => {
  const native = await nativeHandler(context, 'DeleteRecords')(
    {
      topics: request.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ partition: p.partitionIndex, offset: p.offset })),
      })),
      timeoutMs: request.timeoutMs,
    },
    context,
  );
  return {
    throttleTimeMs: 0,
    topics: (native?.topics ?? []).map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({
        partitionIndex: p.partition,
        lowWatermark: p.lowWatermark,
        errorCode: p.errorCode,
      })),
    })),
  };
};
