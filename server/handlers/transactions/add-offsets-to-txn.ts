import { ErrorCode } from '../../../protocol/errors.js';
import type { Handler } from '../context.js';
import { itemError } from '../error-code.js';

/** AddOffsetsToTxn: the consumer group whose offsets the transaction will commit. */
export const handleAddOffsetsToTxn: Handler<'AddOffsetsToTxn'> = (request, { services, log }) => {
  try {
    services.transactions.addOffsets(
      request.transactionalId,
      request.producerId,
      request.producerEpoch,
      request.groupId,
    );
    return { errorCode: ErrorCode.NONE, errorMessage: '' };
  } catch (err) {
    return itemError(err, log, { transactionalId: request.transactionalId, groupId: request.groupId });
  }
};
