// Idempotent producers' state per partition (server/core/producer-state.ts): one row per
// partition and producer id, written in the same transaction as the batches it describes, so
// after a crash the state matches the log exactly. Start-up loads it; expiry deletes old rows.
import type { Database, Statement } from 'better-sqlite3';

export const PRODUCER_STATE_MIGRATION = `
  CREATE TABLE producer_states (
    topic_id INTEGER NOT NULL,
    partition INTEGER NOT NULL,
    producer_id INTEGER NOT NULL,
    producer_epoch INTEGER NOT NULL,
    batches TEXT NOT NULL,
    last_timestamp INTEGER NOT NULL,
    txn_first_offset INTEGER NOT NULL,
    PRIMARY KEY (topic_id, partition, producer_id)
  ) WITHOUT ROWID;
  -- Aborted transactions per partition, for read_committed fetches (Kafka's aborted-transaction index).
  CREATE TABLE aborted_txns (
    topic_id INTEGER NOT NULL,
    partition INTEGER NOT NULL,
    producer_id INTEGER NOT NULL,
    first_offset INTEGER NOT NULL,
    last_offset INTEGER NOT NULL
  );
  CREATE INDEX aborted_txns_by_end ON aborted_txns (topic_id, partition, last_offset);
  -- One row: the last producer id handed out, so ids are never reused across restarts.
  CREATE TABLE producer_ids (id INTEGER PRIMARY KEY CHECK (id = 1), last_id INTEGER NOT NULL);
  INSERT INTO producer_ids (id, last_id) VALUES (1, -1);
`;

export interface StoredSequenceSpan {
  firstSequence: number;
  lastSequence: number;
  baseOffset: number;
  lastOffset: number;
}

export interface StoredProducerState {
  producerId: number;
  epoch: number;
  batches: StoredSequenceSpan[];
  lastTimestamp: number;
  txnFirstOffset: number;
}

/** An aborted transaction on one partition: its first record and its abort marker. */
export interface AbortedTxnRow {
  topicId: number;
  partition: number;
  producerId: number;
  firstOffset: number;
  /** The offset of the abort marker. */
  lastOffset: number;
}

export interface ProducerStateRow {
  topicId: number;
  partition: number;
  state: StoredProducerState;
}

interface Row {
  producer_id: number;
  producer_epoch: number;
  batches: string;
  last_timestamp: number;
  txn_first_offset: number;
}

/** The producer_states statements; save() runs inside the caller's transaction. */
export class ProducerStates {
  private readonly upsert: Statement;
  private readonly select: Statement;
  private readonly deleteTopicStmt: Statement;
  private readonly expireStmt: Statement;
  private readonly nextIdStmt: Statement;
  private readonly insertAborted: Statement;
  private readonly selectAborted: Statement;
  private readonly deleteAbortedTopic: Statement;
  private readonly deleteAbortedBelow: Statement;

  constructor(db: Database) {
    this.upsert = db.prepare(
      `INSERT INTO producer_states (topic_id, partition, producer_id, producer_epoch, batches, last_timestamp, txn_first_offset)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (topic_id, partition, producer_id) DO UPDATE SET producer_epoch = excluded.producer_epoch,
         batches = excluded.batches, last_timestamp = excluded.last_timestamp, txn_first_offset = excluded.txn_first_offset`,
    );
    this.select = db.prepare(
      'SELECT producer_id, producer_epoch, batches, last_timestamp, txn_first_offset FROM producer_states WHERE topic_id = ? AND partition = ?',
    );
    this.deleteTopicStmt = db.prepare('DELETE FROM producer_states WHERE topic_id = ?');
    this.expireStmt = db.prepare('DELETE FROM producer_states WHERE last_timestamp < ? AND txn_first_offset < 0');
    this.insertAborted = db.prepare(
      'INSERT INTO aborted_txns (topic_id, partition, producer_id, first_offset, last_offset) VALUES (?, ?, ?, ?, ?)',
    );
    this.selectAborted = db.prepare(
      'SELECT producer_id AS producerId, first_offset AS firstOffset FROM aborted_txns WHERE topic_id = ? AND partition = ? AND last_offset >= ? AND first_offset < ? ORDER BY first_offset',
    );
    this.deleteAbortedTopic = db.prepare('DELETE FROM aborted_txns WHERE topic_id = ?');
    this.deleteAbortedBelow = db.prepare(
      'DELETE FROM aborted_txns WHERE topic_id = ? AND partition = ? AND last_offset < ?',
    );
    this.nextIdStmt = db
      .prepare('UPDATE producer_ids SET last_id = last_id + 1 WHERE id = 1 RETURNING last_id')
      .pluck();
  }

  save(rows: readonly ProducerStateRow[]): void {
    for (const { topicId, partition, state } of rows) {
      this.upsert.run(
        topicId,
        partition,
        state.producerId,
        state.epoch,
        JSON.stringify(state.batches),
        state.lastTimestamp,
        state.txnFirstOffset,
      );
    }
  }

  load(topicId: number, partition: number): StoredProducerState[] {
    return (this.select.all(topicId, partition) as Row[]).map((r) => ({
      producerId: r.producer_id,
      epoch: r.producer_epoch,
      batches: JSON.parse(r.batches) as StoredSequenceSpan[],
      lastTimestamp: r.last_timestamp,
      txnFirstOffset: r.txn_first_offset,
    }));
  }

  saveAborted(rows: readonly AbortedTxnRow[]): void {
    for (const r of rows) this.insertAborted.run(r.topicId, r.partition, r.producerId, r.firstOffset, r.lastOffset);
  }

  /** The aborted transactions with records in [from, to). */
  aborted(topicId: number, partition: number, from: number, to: number): { producerId: number; firstOffset: number }[] {
    return this.selectAborted.all(topicId, partition, from, to) as { producerId: number; firstOffset: number }[];
  }

  /** Forgets aborted transactions that ended below the log start: no fetch can reach them. */
  pruneAborted(topicId: number, partition: number, logStartOffset: number): void {
    this.deleteAbortedBelow.run(topicId, partition, logStartOffset);
  }

  deleteTopic(topicId: number): void {
    this.deleteTopicStmt.run(topicId);
    this.deleteAbortedTopic.run(topicId);
  }

  /** Deletes the state of producers idle since before `before` with no open transaction; returns how many. */
  expire(before: number): number {
    return this.expireStmt.run(before).changes;
  }

  /** A producer id never handed out before (persisted at once). */
  nextProducerId(): number {
    return this.nextIdStmt.get() as number;
  }
}
