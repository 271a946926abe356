import { ErrorCode } from '../../protocol/errors.js';
import type { Handler } from './context.js';
import { itemError } from './error-code.js';

/** InitProducerId: a new producer id (epoch 0) for an idempotent producer; a transactional id goes to its coordinator. */
export const handleInitProducerId: Handler<'InitProducerId'> = async (request, { services, log }) => {
  const transactionalId = request.transactionalId ?? '';
  try {
    if (transactionalId === '')
      return { errorCode: ErrorCode.NONE, errorMessage: '', producerId: services.producerIds.next(), producerEpoch: 0 };
    return await services.transactions.initProducerId(transactionalId, request.transactionTimeoutMs);
  } catch (err) {
    return { ...itemError(err, log, { transactionalId }), producerId: -1, producerEpoch: -1 };
  }
};
