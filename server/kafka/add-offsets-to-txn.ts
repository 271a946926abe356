// AddOffsetsToTxn: the group whose offsets the transaction will commit (KafkaJS sendOffsets).
import { ErrorCode } from '../../protocol/errors.js';
import type { AddOffsetsToTxnRequest, AddOffsetsToTxnResponse } from '../../protocol/kafka/generated/index.js';
import { nativeHandler, type KafkaHandler } from './context.js';
import { fencedAsKnownTo } from './producer-fenced.js';

const FENCED_SINCE = 2;

export const kafkaAddOffsetsToTxn: KafkaHandler<AddOffsetsToTxnRequest, AddOffsetsToTxnResponse> = async (
  request,
  version,
  context,
) => {
  const native = await nativeHandler(context, 'AddOffsetsToTxn')(
    {
      transactionalId: request.transactionalId,
      producerId: request.producerId,
      producerEpoch: request.producerEpoch,
      groupId: request.groupId,
    },
    context,
  );
  return {
    throttleTimeMs: 0,
    errorCode: fencedAsKnownTo(native?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR, version, FENCED_SINCE),
  };
};
