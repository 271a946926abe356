// ListOffsets: earliest (-2), latest (-1) or by time, answered by the native handler.
import type { ListOffsetsRequest, ListOffsetsResponse } from '../../protocol/kafka/generated/index.js';
import { handleListOffsets } from '../handlers/list-offsets.js';
import type { KafkaHandler } from './context.js';

export const kafkaListOffsets: KafkaHandler<ListOffsetsRequest, ListOffsetsResponse> = async (
  request,
  _version,
  context,
) => {
  const native = await handleListOffsets(
    {
      // read_committed (1): "latest" is the last stable offset, as in Kafka.
      isolationLevel: request.isolationLevel,
      topics: request.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ partition: p.partitionIndex, timestamp: p.timestamp })),
      })),
    },
    context,
  );
  if (!native) return undefined;
  return {
    throttleTimeMs: 0,
    topics: native.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({
        partitionIndex: p.partition,
        errorCode: p.errorCode,
        timestamp: p.timestamp,
        offset: p.offset,
        leaderEpoch: 0,
      })),
    })),
  };
};
