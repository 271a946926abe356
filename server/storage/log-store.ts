// Record batches in SQLite: rows are chunks of one or more contiguous batches (batch-chunks.ts),
// keyed by (topic, partition, last offset) so "the chunk holding offset N" is the first row with
// last_offset >= N. Each partition's log start, end and size are also kept in a summary row
// (partition-summary.ts) that start-up reads.
import type { Database, Statement } from 'better-sqlite3';
import { splitBatches } from '../../protocol/record-batch.js';
import { batchesFrom, chunkBatches, chunkBytes, batchesWithTimestamp, type StoredBatch } from './batch-chunks.js';
import { PartitionSummaries, type PartitionSummary } from './partition-summary.js';
import {
  ProducerStates,
  type AbortedTxnRow,
  type ProducerStateRow,
  type StoredProducerState,
} from './producer-states.js';

/** What an append writes besides the batches, in the same transaction. */
export interface AppendExtras {
  /** Producer states the batches change. */
  producers?: readonly ProducerStateRow[];
  /** Transactions the batches (abort markers) end. */
  aborted?: readonly AbortedTxnRow[];
}

export type { PartitionSummary } from './partition-summary.js';

/** One batch to store; the store decides which row it goes in. */
export type BatchRow = StoredBatch;

/** A partition's log end and size as the broker knows them, before a delete. */
export interface LogState {
  endOffset: number;
  sizeBytes: number;
}

export interface BatchSpan {
  baseOffset: number;
  lastOffset: number;
  size: number;
}

export interface LogStore {
  /**
   * Writes all rows, and the producer states they change, in one transaction; `durable` fsyncs
   * the commit (synchronous=FULL).
   */
  appendAll(rows: readonly BatchRow[], durable: boolean, extras?: AppendExtras): void;
  /** The aborted transactions of a partition with records in [from, to). */
  abortedTransactions(
    topicId: number,
    partition: number,
    from: number,
    to: number,
  ): { producerId: number; firstOffset: number }[];
  /** The idempotent producers' state of one partition, as last stored. */
  loadProducers(topicId: number, partition: number): StoredProducerState[];
  /** Deletes producer states idle since before `before` (no open transaction); returns how many. */
  expireProducers(before: number): number;
  /** A producer id never handed out before. */
  nextProducerId(): number;
  /**
   * Whole batches from the one holding `fromOffset`, up to maxBytes but at least one. After the
   * first row, only rows that fit whole are read: a read ends where a row would not fit.
   */
  read(topicId: number, partition: number, fromOffset: number, maxBytes: number): Buffer[];
  /**
   * Deletes the batches wholly below `offset` and saves the partition's summary in the same
   * transaction: the log then starts at the first batch left (none: at its end). Returns it.
   */
  deleteBelow(topicId: number, partition: number, offset: number, current: LogState): PartitionSummary;
  deleteTopic(topicId: number): void;
  /**
   * The batches that may hold a record at or after `timestamp` with an offset of at least
   * `fromOffset` (their max timestamp is >= it), in offset order, read a row at a time.
   */
  batchesWithTimestamp(topicId: number, partition: number, timestamp: number, fromOffset: number): Generator<Buffer>;
  /** Base offset of the first row with max timestamp >= timestamp or last offset >= lastOffset. */
  firstRetainedByTime(topicId: number, partition: number, timestamp: number, lastOffset: number): number | undefined;
  /** The stored rows' offset ranges and sizes, in order: retention deletes whole rows. */
  spans(topicId: number, partition: number): IterableIterator<BatchSpan>;
  /** Saves these summaries, in one transaction. */
  saveSummaries(summaries: readonly PartitionSummary[]): void;
  /** A partition's log start, end and size from its summary row and the batches appended since it was saved. */
  loadSummary(topicId: number, partition: number): PartitionSummary | undefined;
}

export class SqliteLogStore implements LogStore {
  private readonly insert: Statement;
  private readonly rowsFrom: Statement;
  private readonly rowData: Statement;
  /** Where several batches are joined into one row's blob; reused, since SQLite copies what is bound. */
  private readonly scratch = { buffer: Buffer.alloc(0) };
  private readonly deleteBelowStmt: Statement;
  private readonly deleteTopicStmt: Statement;
  private readonly byTimestamp: Statement;
  private readonly retainedByTime: Statement;
  private readonly spansStmt: Statement;
  private readonly bytesBelow: Statement;
  private readonly firstBatchOffset: Statement;
  private readonly summaries: PartitionSummaries;
  private readonly producers: ProducerStates;
  private readonly insertAll: (rows: readonly BatchRow[], extras: AppendExtras) => void;
  private readonly deleteFront: (
    topicId: number,
    partition: number,
    offset: number,
    current: LogState,
  ) => PartitionSummary;
  private readonly deleteTopicAll: (topicId: number) => void;
  private readonly saveAll: (summaries: readonly PartitionSummary[]) => void;

  constructor(
    private readonly db: Database,
    private readonly fileBacked: boolean,
  ) {
    this.insert = db.prepare(
      'INSERT INTO record_batches (topic_id, partition, base_offset, last_offset, max_timestamp, size, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    // Sizes first: a row that will not be used is never read past its first page.
    this.rowsFrom = db
      .prepare(
        'SELECT rowid, size FROM record_batches WHERE topic_id = ? AND partition = ? AND last_offset >= ? ORDER BY last_offset',
      )
      .raw();
    this.rowData = db.prepare('SELECT data FROM record_batches WHERE rowid = ?').pluck();
    this.deleteBelowStmt = db.prepare(
      'DELETE FROM record_batches WHERE topic_id = ? AND partition = ? AND last_offset < ?',
    );
    this.deleteTopicStmt = db.prepare('DELETE FROM record_batches WHERE topic_id = ?');
    this.byTimestamp = db
      .prepare(
        'SELECT data FROM record_batches WHERE topic_id = ? AND partition = ? AND max_timestamp >= ? AND last_offset >= ? ORDER BY last_offset',
      )
      .pluck();
    this.retainedByTime = db
      .prepare(
        'SELECT base_offset FROM record_batches WHERE topic_id = ? AND partition = ? AND (max_timestamp >= ? OR last_offset >= ?) ORDER BY last_offset LIMIT 1',
      )
      .pluck();
    this.spansStmt = db.prepare(
      'SELECT base_offset AS baseOffset, last_offset AS lastOffset, size FROM record_batches WHERE topic_id = ? AND partition = ? ORDER BY last_offset',
    );
    this.bytesBelow = db
      .prepare(
        'SELECT COALESCE(SUM(size), 0) FROM record_batches WHERE topic_id = ? AND partition = ? AND last_offset < ?',
      )
      .pluck();
    this.firstBatchOffset = db
      .prepare(
        'SELECT base_offset FROM record_batches WHERE topic_id = ? AND partition = ? ORDER BY last_offset LIMIT 1',
      )
      .pluck();
    this.summaries = new PartitionSummaries(db);
    this.producers = new ProducerStates(db);
    this.insertAll = db.transaction((rows: readonly BatchRow[], extras: AppendExtras) => {
      for (const c of chunkBatches(rows))
        this.insert.run(
          c.topicId,
          c.partition,
          c.baseOffset,
          c.lastOffset,
          c.maxTimestamp,
          c.size,
          chunkBytes(c, this.scratch),
        );
      if (extras.producers?.length) this.producers.save(extras.producers);
      if (extras.aborted?.length) this.producers.saveAborted(extras.aborted);
    });
    this.deleteFront = db.transaction((topicId: number, partition: number, offset: number, current: LogState) => {
      const deleted = this.bytesBelow.get(topicId, partition, offset) as number;
      this.deleteBelowStmt.run(topicId, partition, offset);
      const first = this.firstBatchOffset.get(topicId, partition) as number | undefined;
      const summary = {
        topicId,
        partition,
        // DeleteRecords may move the start into a batch (kept whole, its earlier records hidden).
        startOffset: Math.max(first ?? current.endOffset, offset),
        endOffset: current.endOffset,
        sizeBytes: current.sizeBytes - deleted,
      };
      this.summaries.save(summary);
      this.producers.pruneAborted(topicId, partition, summary.startOffset);
      return summary;
    });
    this.deleteTopicAll = db.transaction((topicId: number) => {
      this.deleteTopicStmt.run(topicId);
      this.summaries.deleteTopic(topicId);
      this.producers.deleteTopic(topicId);
    });
    this.saveAll = db.transaction((summaries: readonly PartitionSummary[]) => {
      for (const summary of summaries) this.summaries.save(summary);
    });
  }

  appendAll(rows: readonly BatchRow[], durable: boolean, extras: AppendExtras = {}): void {
    if (!durable || !this.fileBacked) {
      this.insertAll(rows, extras);
      return;
    }
    // acks=all: this one commit syncs the WAL to disk before it returns.
    this.db.pragma('synchronous = FULL');
    try {
      this.insertAll(rows, extras);
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }

  read(topicId: number, partition: number, fromOffset: number, maxBytes: number): Buffer[] {
    const out: Buffer[] = [];
    let total = 0;
    for (const [rowid, size] of this.rowsFrom.iterate(topicId, partition, fromOffset) as IterableIterator<
      [number, number]
    >) {
      if (out.length > 0) {
        if (total + size > maxBytes) break;
        for (const batch of splitBatches(this.rowData.get(rowid) as Buffer)) out.push(batch);
        total += size;
      } else {
        // The first row may start before `fromOffset` and be larger than the room: take what fits.
        for (const batch of batchesFrom(this.rowData.get(rowid) as Buffer, fromOffset)) {
          if (out.length > 0 && total + batch.length > maxBytes) return out;
          out.push(batch);
          total += batch.length;
        }
      }
      if (total >= maxBytes) break;
    }
    return out;
  }

  deleteBelow(topicId: number, partition: number, offset: number, current: LogState): PartitionSummary {
    return this.deleteFront(topicId, partition, offset, current);
  }

  deleteTopic(topicId: number): void {
    this.deleteTopicAll(topicId);
  }

  *batchesWithTimestamp(topicId: number, partition: number, timestamp: number, fromOffset: number): Generator<Buffer> {
    for (const row of this.byTimestamp.iterate(topicId, partition, timestamp, fromOffset) as IterableIterator<Buffer>)
      yield* batchesWithTimestamp(row, timestamp, fromOffset);
  }

  firstRetainedByTime(topicId: number, partition: number, timestamp: number, lastOffset: number): number | undefined {
    return this.retainedByTime.get(topicId, partition, timestamp, lastOffset) as number | undefined;
  }

  spans(topicId: number, partition: number): IterableIterator<BatchSpan> {
    return this.spansStmt.iterate(topicId, partition) as IterableIterator<BatchSpan>;
  }

  saveSummaries(summaries: readonly PartitionSummary[]): void {
    if (summaries.length > 0) this.saveAll(summaries);
  }

  loadSummary(topicId: number, partition: number): PartitionSummary | undefined {
    return this.summaries.load(topicId, partition);
  }

  loadProducers(topicId: number, partition: number): StoredProducerState[] {
    return this.producers.load(topicId, partition);
  }

  abortedTransactions(
    topicId: number,
    partition: number,
    from: number,
    to: number,
  ): { producerId: number; firstOffset: number }[] {
    return this.producers.aborted(topicId, partition, from, to);
  }

  expireProducers(before: number): number {
    return this.producers.expire(before);
  }

  nextProducerId(): number {
    return this.producers.nextProducerId();
  }
}
