// The transaction APIs' handlers (InitProducerId is in the main table: idempotent producers use it too).
import type { HandlerTable } from '../context.js';
import { handleAddOffsetsToTxn } from './add-offsets-to-txn.js';
import { handleAddPartitionsToTxn } from './add-partitions-to-txn.js';
import { handleDescribeTransactions } from './describe-transactions.js';
import { handleEndTxn } from './end-txn.js';
import { handleListTransactions } from './list-transactions.js';
import { handleTxnOffsetCommit } from './txn-offset-commit.js';

export const transactionHandlers: HandlerTable = {
  AddPartitionsToTxn: handleAddPartitionsToTxn,
  AddOffsetsToTxn: handleAddOffsetsToTxn,
  EndTxn: handleEndTxn,
  TxnOffsetCommit: handleTxnOffsetCommit,
  DescribeTransactions: handleDescribeTransactions,
  ListTransactions: handleListTransactions,
};
