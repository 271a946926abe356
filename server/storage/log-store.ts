// Record batches in SQLite: one row per batch, keyed by (topic, partition, last offset) so
// "the batch holding offset N" is the first row with last_offset >= N. Every write also updates
// the partition's summary row (partition-summary.ts) in the same transaction.
import type { Database, Statement } from 'better-sqlite3';
import { PartitionSummaries, type AppendedSpan, type PartitionSummary } from './partition-summary.js';

export type { PartitionSummary } from './partition-summary.js';

export interface BatchRow {
  topicId: number;
  partition: number;
  baseOffset: number;
  lastOffset: number;
  maxTimestamp: number;
  data: Uint8Array;
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
  /**
   * Deletes the batches wholly below `offset`; the log then starts at the first batch left (none:
   * at its end). Returns the partition's summary afterwards.
   */
  deleteBelow(topicId: number, partition: number, offset: number): PartitionSummary | undefined;
  deleteTopic(topicId: number): void;
  /** The first batch whose max timestamp is >= timestamp. */
  firstBatchAtOrAfter(topicId: number, partition: number, timestamp: number): { baseOffset: number; data: Buffer } | undefined;
  /** Base offset of the first batch with max timestamp >= timestamp or last offset >= lastOffset. */
  firstRetainedByTime(topicId: number, partition: number, timestamp: number, lastOffset: number): number | undefined;
  spans(topicId: number, partition: number): IterableIterator<BatchSpan>;
  /** Every partition's log start, end and size, read without touching the batches. */
  summaries(): PartitionSummary[];
}

export class SqliteLogStore implements LogStore {
  private readonly insert: Statement;
  private readonly readFrom: Statement;
  private readonly deleteBelowStmt: Statement;
  private readonly deleteTopicStmt: Statement;
  private readonly byTimestamp: Statement;
  private readonly retainedByTime: Statement;
  private readonly spansStmt: Statement;
  private readonly bytesBelow: Statement;
  private readonly firstBatchOffset: Statement;
  private readonly summary: PartitionSummaries;
  private readonly insertAll: (rows: readonly BatchRow[], spans: readonly AppendedSpan[]) => void;
  private readonly deleteFront: (topicId: number, partition: number, offset: number) => PartitionSummary | undefined;
  private readonly deleteTopicAll: (topicId: number) => void;

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
    this.bytesBelow = db
      .prepare('SELECT COALESCE(SUM(size), 0) FROM record_batches WHERE topic_id = ? AND partition = ? AND last_offset < ?')
      .pluck();
    this.firstBatchOffset = db
      .prepare('SELECT base_offset FROM record_batches WHERE topic_id = ? AND partition = ? ORDER BY last_offset LIMIT 1')
      .pluck();
    this.summary = new PartitionSummaries(db);
    this.insertAll = db.transaction((rows: readonly BatchRow[], spans: readonly AppendedSpan[]) => {
      for (const r of rows) this.insert.run(r.topicId, r.partition, r.baseOffset, r.lastOffset, r.maxTimestamp, r.data.length, r.data);
      for (const span of spans) this.summary.appended(span);
    });
    this.deleteFront = db.transaction((topicId: number, partition: number, offset: number) => {
      const bytes = this.bytesBelow.get(topicId, partition, offset) as number;
      this.deleteBelowStmt.run(topicId, partition, offset);
      this.summary.deletedFront(topicId, partition, this.firstBatchOffset.get(topicId, partition) as number | undefined, bytes);
      return this.summary.get(topicId, partition);
    });
    this.deleteTopicAll = db.transaction((topicId: number) => {
      this.deleteTopicStmt.run(topicId);
      this.summary.deleteTopic(topicId);
    });
  }

  appendAll(rows: readonly BatchRow[], durable: boolean): void {
    const spans = spansOf(rows);
    if (!durable || !this.fileBacked) {
      this.insertAll(rows, spans);
      return;
    }
    // acks=all: this one commit syncs the WAL to disk before it returns.
    this.db.pragma('synchronous = FULL');
    try {
      this.insertAll(rows, spans);
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

  deleteBelow(topicId: number, partition: number, offset: number): PartitionSummary | undefined {
    return this.deleteFront(topicId, partition, offset);
  }

  deleteTopic(topicId: number): void {
    this.deleteTopicAll(topicId);
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

  summaries(): PartitionSummary[] {
    return this.summary.all();
  }
}

/** Per partition: the offsets and bytes these rows add, so its summary is updated once per commit. */
function spansOf(rows: readonly BatchRow[]): AppendedSpan[] {
  const spans = new Map<string, AppendedSpan>();
  for (const r of rows) {
    const key = `${r.topicId}:${r.partition}`;
    const span = spans.get(key);
    if (span) {
      span.firstOffset = Math.min(span.firstOffset, r.baseOffset);
      span.endOffset = Math.max(span.endOffset, r.lastOffset + 1);
      span.bytes += r.data.length;
    } else {
      spans.set(key, { topicId: r.topicId, partition: r.partition, firstOffset: r.baseOffset, endOffset: r.lastOffset + 1, bytes: r.data.length });
    }
  }
  return [...spans.values()];
}
