// ListTransactions and DescribeTransactions (Kafka's kafka-transactions tool uses the same
// APIs): what the transaction coordinator holds per transactional id.
import { ErrorCode } from '../../protocol/errors.js';
import { COORDINATOR_KEY_TYPE_TRANSACTION } from '../../protocol/messages.js';
import { MinibrokerProtocolError } from '../errors.js';
import type { Cluster } from '../network/cluster.js';
import { CoordinatorClient } from '../network/coordinator-client.js';

export interface TransactionListing {
  transactionalId: string;
  producerId: number;
  state: string;
}

export interface TransactionDescription {
  transactionalId: string;
  errorCode: number;
  state: string;
  producerId: number;
  producerEpoch: number;
  timeoutMs: number;
  /** When the open transaction began (ms since the epoch); -1 when none is open. */
  startTimeMs: number;
  partitions: { topic: string; partition: number }[];
  groups: string[];
}

export async function listTransactions(cluster: Cluster, states: string[] = []): Promise<TransactionListing[]> {
  const response = await cluster.retrier(async () => {
    const connection = await cluster.anyConnection();
    return connection.request('ListTransactions', { stateFilters: states });
  });
  if (response.errorCode !== ErrorCode.NONE) throw new MinibrokerProtocolError(response.errorCode);
  return response.transactionStates.map((t) => ({
    transactionalId: t.transactionalId,
    producerId: t.producerId,
    state: t.transactionState,
  }));
}

export async function describeTransactions(cluster: Cluster, ids: string[]): Promise<TransactionDescription[]> {
  return Promise.all(
    ids.map(async (id) => {
      const coordinator = new CoordinatorClient(cluster, id, COORDINATOR_KEY_TYPE_TRANSACTION);
      const response = await cluster.retrier(() =>
        coordinator.request('DescribeTransactions', { transactionalIds: [id] }),
      );
      const d = response.transactionStates[0];
      if (!d) throw new MinibrokerProtocolError(ErrorCode.UNKNOWN_SERVER_ERROR, `no answer for ${id}`);
      return {
        transactionalId: d.transactionalId,
        errorCode: d.errorCode,
        state: d.transactionState,
        producerId: d.producerId,
        producerEpoch: d.producerEpoch,
        timeoutMs: d.transactionTimeoutMs,
        startTimeMs: d.transactionStartTimeMs,
        partitions: d.topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.name, partition }))),
        groups: d.groups,
      };
    }),
  );
}
