import { ErrorCode } from '../../../protocol/errors.js';
import type { Handler } from '../context.js';
import { itemError } from '../error-code.js';

/** EndTxn: commit or abort; answered once the markers are written to every partition. */
export const handleEndTxn: Handler<'EndTxn'> = async (request, { services, log }) => {
  try {
    await services.transactions.endTransaction(
      request.transactionalId,
      request.producerId,
      request.producerEpoch,
      request.committed,
    );
    return { errorCode: ErrorCode.NONE, errorMessage: '' };
  } catch (err) {
    return itemError(err, log, { transactionalId: request.transactionalId });
  }
};
