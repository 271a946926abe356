import { ErrorCode, ProtocolError } from '../../protocol/errors.js';
import type { DeleteRecordsPartitionResult } from '../../protocol/messages.js';
import type { Handler } from './context.js';
import { itemError } from './error-code.js';

const HIGH_WATERMARK = -1;

export const handleDeleteRecords: Handler<'DeleteRecords'> = (request, { services, log }) => ({
  topics: request.topics.map(({ name, partitions }) => ({
    name,
    partitions: partitions.map(({ partition, offset }): DeleteRecordsPartitionResult => {
      try {
        const topic = services.topics.get(name);
        if (!topic) throw new ProtocolError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `unknown topic ${name}`);
        const partitionLog = services.topics.partition(topic, partition);
        const target = offset === HIGH_WATERMARK ? partitionLog.logEndOffset : offset;
        // Kafka's rule: from the current log start to the high watermark; below the start is a no-op.
        if (!Number.isSafeInteger(target) || target < 0 || target > partitionLog.logEndOffset)
          throw new ProtocolError(
            ErrorCode.OFFSET_OUT_OF_RANGE,
            `offset ${offset} is outside ${name}-${partition}'s range [0, ${partitionLog.logEndOffset}]`,
          );
        partitionLog.truncateBefore(target);
        return { partition, lowWatermark: partitionLog.logStartOffset, errorCode: 0, errorMessage: '' };
      } catch (err) {
        return { partition, lowWatermark: -1, ...itemError(err, log, { topic: name, partition }) };
      }
    }),
  })),
});
