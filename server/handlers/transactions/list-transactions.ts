import { ErrorCode } from '../../../protocol/errors.js';
import type { Handler } from '../context.js';

/** ListTransactions: every transactional id the coordinator knows, optionally only in some states. */
export const handleListTransactions: Handler<'ListTransactions'> = (request, { services }) => {
  const states = new Set(request.stateFilters);
  return {
    errorCode: ErrorCode.NONE,
    transactionStates: services.transactions
      .list()
      .filter((t) => states.size === 0 || states.has(t.state))
      .sort((a, b) => a.transactionalId.localeCompare(b.transactionalId))
      .map((t) => ({ transactionalId: t.transactionalId, producerId: t.producerId, transactionState: t.state })),
  };
};
