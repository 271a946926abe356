// EndTxn: commit or abort; answered once the markers are written.
import { ErrorCode } from '../../protocol/errors.js';
import type { EndTxnRequest, EndTxnResponse } from '../../protocol/kafka/generated/index.js';
import { nativeHandler, type KafkaHandler } from './context.js';
import { fencedAsKnownTo } from './producer-fenced.js';

const FENCED_SINCE = 2;

export const kafkaEndTxn: KafkaHandler<EndTxnRequest, EndTxnResponse> = async (request, version, context) => {
  const native = await nativeHandler(context, 'EndTxn')(
    {
      transactionalId: request.transactionalId,
      producerId: request.producerId,
      producerEpoch: request.producerEpoch,
      committed: request.committed,
    },
    context,
  );
  return {
    throttleTimeMs: 0,
    errorCode: fencedAsKnownTo(native?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR, version, FENCED_SINCE),
  };
};
