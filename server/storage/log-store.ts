// Record batches in SQLite: one row per batch, keyed by (topic, partition, last offset) so
// "the batch holding offset N" is the first row with last_offset >= N.
import type { Database, Statement } from 'better-sqlite3';

export interface BatchRow {
  topicId: number;
  partition: number;
  baseOffset: number;
  lastOffset: number;
  maxTimestamp: number;
  data: Uint8Array;
}

export interface PartitionExtent {
  topicId: number;
  partition: number;
  startOffset: number;
  endOffset: number;
  sizeBytes: number;
}

export interface BatchSpan {
  baseOffset: number;
  lastOffset: number;
  size: number;
}

export interface LogStore {
  /** Writes all rows in one transaction; `durable` fsyncs the commit (synchronous=FULL). */
  appendAll(rows: readonly BatchRow[], durable: boolean): void;
  /** Whole batches from the one holding `fromOffset`, up to maxBytes but at least one. */
  read(topicId: number, partition: number, fromOffset: number, maxBytes: number): Buffer[];
  /** Deletes the batches wholly below `offset`. */
  deleteBelow(topicId: number, partition: number, offset: number): void;
  deleteTopic(topicId: number): void;
  /** The first batch whose max timestamp is >= timestamp. */
  firstBatchAtOrAfter(topicId: number, partition: number, timestamp: number): { baseOffset: number; data: Buffer } | undefined;
  /** Base offset of the first batch with max timestamp >= timestamp or last offset >= lastOffset. */
  firstRetainedByTime(topicId: number, partition: number, timestamp: number, lastOffset: number): number | undefined;
  spans(topicId: number, partition: number): IterableIterator<BatchSpan>;
  extent(topicId: number, partition: number): PartitionExtent | undefined;
  extents(): PartitionExtent[];
}

export class SqliteLogStore implements LogStore {
  private readonly insert: Statement;
  private readonly readFrom: Statement;
  private readonly deleteBelowStmt: Statement;
  private readonly deleteTopicStmt: Statement;
  private readonly byTimestamp: Statement;
  private readonly retainedByTime: Statement;
  private readonly spansStmt: Statement;
  private readonly extentStmt: Statement;
  private readonly extentsStmt: Statement;
  private readonly insertAll: (rows: readonly BatchRow[]) => void;

  constructor(private readonly db: Database, private readonly fileBacked: boolean) {
    this.insert = db.prepare(
      'INSERT INTO record_batches (topic_id, partition, base_offset, last_offset, max_timestamp, size, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.readFrom = db
      .prepare('SELECT data FROM record_batches WHERE topic_id = ? AND partition = ? AND last_offset >= ? ORDER BY last_offset')
      .pluck();
    this.deleteBelowStmt = db.prepare('DELETE FROM record_batches WHERE topic_id = ? AND partition = ? AND last_offset < ?');
    this.deleteTopicStmt = db.prepare('DELETE FROM record_batches WHERE topic_id = ?');
    this.byTimestamp = db.prepare(
      'SELECT base_offset AS baseOffset, data FROM record_batches WHERE topic_id = ? AND partition = ? AND max_timestamp >= ? ORDER BY last_offset LIMIT 1',
    );
    this.retainedByTime = db
      .prepare('SELECT base_offset FROM record_batches WHERE topic_id = ? AND partition = ? AND (max_timestamp >= ? OR last_offset >= ?) ORDER BY last_offset LIMIT 1')
      .pluck();
    this.spansStmt = db.prepare(
      'SELECT base_offset AS baseOffset, last_offset AS lastOffset, size FROM record_batches WHERE topic_id = ? AND partition = ? ORDER BY last_offset',
    );
    const extentColumns =
      'topic_id AS topicId, partition, MIN(base_offset) AS startOffset, MAX(last_offset) + 1 AS endOffset, SUM(size) AS sizeBytes';
    this.extentStmt = db.prepare(`SELECT ${extentColumns} FROM record_batches WHERE topic_id = ? AND partition = ? GROUP BY topic_id, partition`);
    this.extentsStmt = db.prepare(`SELECT ${extentColumns} FROM record_batches GROUP BY topic_id, partition`);
    this.insertAll = db.transaction((rows: readonly BatchRow[]) => {
      for (const r of rows) this.insert.run(r.topicId, r.partition, r.baseOffset, r.lastOffset, r.maxTimestamp, r.data.length, r.data);
    });
  }

  appendAll(rows: readonly BatchRow[], durable: boolean): void {
    if (!durable || !this.fileBacked) {
      this.insertAll(rows);
      return;
    }
    // acks=all: this one commit syncs the WAL to disk before it returns.
    this.db.pragma('synchronous = FULL');
    try {
      this.insertAll(rows);
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }

  read(topicId: number, partition: number, fromOffset: number, maxBytes: number): Buffer[] {
    const out: Buffer[] = [];
    let total = 0;
    for (const data of this.readFrom.iterate(topicId, partition, fromOffset) as IterableIterator<Buffer>) {
      if (out.length > 0 && total + data.length > maxBytes) break;
      out.push(data);
      total += data.length;
      if (total >= maxBytes) break;
    }
    return out;
  }

  deleteBelow(topicId: number, partition: number, offset: number): void {
    this.deleteBelowStmt.run(topicId, partition, offset);
  }

  deleteTopic(topicId: number): void {
    this.deleteTopicStmt.run(topicId);
  }

  firstBatchAtOrAfter(topicId: number, partition: number, timestamp: number): { baseOffset: number; data: Buffer } | undefined {
    return this.byTimestamp.get(topicId, partition, timestamp) as { baseOffset: number; data: Buffer } | undefined;
  }

  firstRetainedByTime(topicId: number, partition: number, timestamp: number, lastOffset: number): number | undefined {
    return this.retainedByTime.get(topicId, partition, timestamp, lastOffset) as number | undefined;
  }

  spans(topicId: number, partition: number): IterableIterator<BatchSpan> {
    return this.spansStmt.iterate(topicId, partition) as IterableIterator<BatchSpan>;
  }

  extent(topicId: number, partition: number): PartitionExtent | undefined {
    return this.extentStmt.get(topicId, partition) as PartitionExtent | undefined;
  }

  extents(): PartitionExtent[] {
    return this.extentsStmt.all() as PartitionExtent[];
  }
}
