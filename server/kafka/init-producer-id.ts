// InitProducerId: a producer id for an idempotent producer, or the transactional id's (fencing
// older epochs). The v3+ resume fields are not used: a new call always gets a fresh epoch.
import { ErrorCode } from '../../protocol/errors.js';
import type { InitProducerIdRequest, InitProducerIdResponse } from '../../protocol/kafka/generated/index.js';
import { nativeHandler, type KafkaHandler } from './context.js';
import { fencedAsKnownTo } from './producer-fenced.js';

const FENCED_SINCE = 4;

export const kafkaInitProducerId: KafkaHandler<InitProducerIdRequest, InitProducerIdResponse> = async (
  request,
  version,
  context,
) => {
  const native = await nativeHandler(context, 'InitProducerId')(
    { transactionalId: request.transactionalId ?? undefined, transactionTimeoutMs: request.transactionTimeoutMs },
    context,
  );
  return {
    throttleTimeMs: 0,
    errorCode: fencedAsKnownTo(native?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR, version, FENCED_SINCE),
    producerId: native?.producerId ?? -1,
    producerEpoch: native?.producerEpoch ?? -1,
  };
};
