import { ErrorCode, ProtocolError } from '../../protocol/errors.js';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, type ListOffsetsPartitionResponse } from '../../protocol/messages.js';
import type { Handler } from './context.js';
import { itemError } from './error-code.js';

export const handleListOffsets: Handler<'ListOffsets'> = (request, { services, log }) => ({
  topics: request.topics.map(({ name, partitions }) => ({
    name,
    partitions: partitions.map(({ partition, timestamp }): ListOffsetsPartitionResponse => {
      try {
        const topic = services.topics.get(name);
        if (!topic) throw new ProtocolError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `unknown topic ${name}`);
        const partitionLog = services.topics.partition(topic, partition);
        if (timestamp === EARLIEST_TIMESTAMP) return { partition, errorCode: 0, timestamp: -1, offset: partitionLog.logStartOffset };
        if (timestamp === LATEST_TIMESTAMP) return { partition, errorCode: 0, timestamp: -1, offset: partitionLog.logEndOffset };
        if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
          throw new ProtocolError(ErrorCode.INVALID_TIMESTAMP, `timestamp must be -2, -1 or a time in ms, got ${timestamp}`);
        }
        return { partition, errorCode: 0, ...partitionLog.offsetForTimestamp(timestamp) };
      } catch (err) {
        return { partition, errorCode: itemError(err, log, { topic: name, partition }).errorCode, timestamp: -1, offset: -1 };
      }
    }),
  })),
});
