// ListOffsets: one lookup per partition. A partition named more than once is answered
// INVALID_REQUEST at each mention, as Kafka does, so a lookup by time (it decodes a batch) runs
// at most once per partition however the request repeats it.
import { ErrorCode, ProtocolError } from '../../protocol/errors.js';
import {
  EARLIEST_TIMESTAMP,
  LATEST_TIMESTAMP,
  READ_COMMITTED,
  type ListOffsetsPartitionResponse,
  type ListOffsetsRequest,
} from '../../protocol/messages.js';
import type { Handler } from './context.js';
import { itemError } from './error-code.js';

const keyOf = (topic: string, partition: number) => `${partition}:${topic}`;

function duplicatedPartitions(request: ListOffsetsRequest): Set<string> {
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  for (const { name, partitions } of request.topics) {
    for (const { partition } of partitions) {
      const key = keyOf(name, partition);
      if (seen.has(key)) duplicated.add(key);
      else seen.add(key);
    }
  }
  return duplicated;
}

export const handleListOffsets: Handler<'ListOffsets'> = (request, { services, log }) => {
  const duplicated = duplicatedPartitions(request);
  const readCommitted = request.isolationLevel === READ_COMMITTED;
  if (duplicated.size > 0)
    log.debug(
      { partitions: duplicated.size },
      'ListOffsets names partitions more than once; those get INVALID_REQUEST',
    );
  return {
    topics: request.topics.map(({ name, partitions }) => ({
      name,
      partitions: partitions.map(({ partition, timestamp }): ListOffsetsPartitionResponse => {
        try {
          if (duplicated.has(keyOf(name, partition)))
            throw new ProtocolError(
              ErrorCode.INVALID_REQUEST,
              `partition ${name}-${partition} is named more than once`,
            );
          const topic = services.topics.get(name);
          if (!topic) throw new ProtocolError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `unknown topic ${name}`);
          const partitionLog = services.topics.partition(topic, partition);
          if (timestamp === EARLIEST_TIMESTAMP)
            return { partition, errorCode: 0, timestamp: -1, offset: partitionLog.logStartOffset };
          if (timestamp === LATEST_TIMESTAMP)
            return {
              partition,
              errorCode: 0,
              timestamp: -1,
              // read_committed: the last stable offset, as Kafka answers.
              offset: readCommitted ? partitionLog.lastStableOffset : partitionLog.logEndOffset,
            };
          if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
            throw new ProtocolError(
              ErrorCode.INVALID_TIMESTAMP,
              `timestamp must be -2, -1 or a time in ms, got ${timestamp}`,
            );
          }
          return { partition, errorCode: 0, ...partitionLog.offsetForTimestamp(timestamp) };
        } catch (err) {
          return {
            partition,
            errorCode: itemError(err, log, { topic: name, partition }).errorCode,
            timestamp: -1,
            offset: -1,
          };
        }
      }),
    })),
  };
};
