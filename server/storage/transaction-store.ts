// The transaction coordinator's state, one row per transactional id: the producer id and epoch,
// the state, the partitions and groups in the open transaction, the offsets it will commit and
// its timeout. Written on every change, so a restarted broker completes or aborts what was in flight.
import type { Database, Statement } from 'better-sqlite3';

export const TRANSACTION_STORE_MIGRATION = `
  CREATE TABLE transactions (
    transactional_id TEXT PRIMARY KEY,
    producer_id INTEGER NOT NULL,
    producer_epoch INTEGER NOT NULL,
    timeout_ms INTEGER NOT NULL,
    state TEXT NOT NULL,
    partitions TEXT NOT NULL,
    groups TEXT NOT NULL,
    offsets TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
`;

export type TransactionState =
  'Empty' | 'Ongoing' | 'PrepareCommit' | 'PrepareAbort' | 'CompleteCommit' | 'CompleteAbort';

export interface TxnPartition {
  topic: string;
  partition: number;
}

export interface TxnOffset {
  groupId: string;
  topic: string;
  partition: number;
  offset: number;
  metadata: string;
}

export interface TransactionRecord {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  timeoutMs: number;
  state: TransactionState;
  partitions: TxnPartition[];
  groups: string[];
  /** Offsets sent with TxnOffsetCommit, written to the groups when the transaction commits. */
  offsets: TxnOffset[];
  /** When the open transaction began (ms); -1 when none is open. */
  startedAt: number;
  updatedAt: number;
}

export interface TransactionStore {
  save(record: TransactionRecord): void;
  all(): TransactionRecord[];
}

interface Row {
  transactional_id: string;
  producer_id: number;
  producer_epoch: number;
  timeout_ms: number;
  state: TransactionState;
  partitions: string;
  groups: string;
  offsets: string;
  started_at: number;
  updated_at: number;
}

export class SqliteTransactionStore implements TransactionStore {
  private readonly upsert: Statement;
  private readonly selectAll: Statement;

  constructor(
    db: Database,
    private readonly onWrite: () => void = () => {},
  ) {
    this.upsert = db.prepare(
      `INSERT INTO transactions (transactional_id, producer_id, producer_epoch, timeout_ms, state, partitions, groups, offsets, started_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (transactional_id) DO UPDATE SET producer_id = excluded.producer_id, producer_epoch = excluded.producer_epoch,
         timeout_ms = excluded.timeout_ms, state = excluded.state, partitions = excluded.partitions, groups = excluded.groups,
         offsets = excluded.offsets, started_at = excluded.started_at, updated_at = excluded.updated_at`,
    );
    this.selectAll = db.prepare('SELECT * FROM transactions');
  }

  save(r: TransactionRecord): void {
    this.upsert.run(
      r.transactionalId,
      r.producerId,
      r.producerEpoch,
      r.timeoutMs,
      r.state,
      JSON.stringify(r.partitions),
      JSON.stringify(r.groups),
      JSON.stringify(r.offsets),
      r.startedAt,
      r.updatedAt,
    );
    this.onWrite();
  }

  all(): TransactionRecord[] {
    return (this.selectAll.all() as Row[]).map((r) => ({
      transactionalId: r.transactional_id,
      producerId: r.producer_id,
      producerEpoch: r.producer_epoch,
      timeoutMs: r.timeout_ms,
      state: r.state,
      partitions: JSON.parse(r.partitions) as TxnPartition[],
      groups: JSON.parse(r.groups) as string[],
      offsets: JSON.parse(r.offsets) as TxnOffset[],
      startedAt: r.started_at,
      updatedAt: r.updated_at,
    }));
  }
}
