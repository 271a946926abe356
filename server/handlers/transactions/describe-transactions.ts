import { ErrorCode } from '../../../protocol/errors.js';
import type { TransactionDescription, TxnTopic } from '../../../protocol/messages.js';
import type { Handler } from '../context.js';

/** DescribeTransactions: state, producer, timeout, start time, partitions and groups per transactional id. */
export const handleDescribeTransactions: Handler<'DescribeTransactions'> = (request, { services }) => ({
  transactionStates: request.transactionalIds.map((id): TransactionDescription => {
    const view = services.transactions.describe(id);
    if (!view) {
      return {
        errorCode: ErrorCode.TRANSACTIONAL_ID_NOT_FOUND,
        transactionalId: id,
        transactionState: '',
        transactionTimeoutMs: 0,
        transactionStartTimeMs: -1,
        producerId: -1,
        producerEpoch: -1,
        topics: [],
        groups: [],
      };
    }
    const topics = new Map<string, TxnTopic>();
    for (const { topic, partition } of view.partitions) {
      let entry = topics.get(topic);
      if (!entry) topics.set(topic, (entry = { name: topic, partitions: [] }));
      entry.partitions.push(partition);
    }
    return {
      errorCode: ErrorCode.NONE,
      transactionalId: id,
      transactionState: view.state,
      transactionTimeoutMs: view.timeoutMs,
      transactionStartTimeMs: view.startTimeMs,
      producerId: view.producerId,
      producerEpoch: view.producerEpoch,
      topics: [...topics.values()],
      groups: view.groups,
    };
  }),
});
