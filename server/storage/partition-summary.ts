// One row per partition with what start-up needs (log start, log end, bytes stored), so start-up
// reads O(partitions) rows instead of aggregating every stored batch, which took seconds with
// millions of batches.
//
// Appends do not write the row (that would add a page to every commit): the broker saves the rows
// of partitions that changed about once a second and on shutdown, and deletes rewrite the row in
// their own transaction. A row therefore describes the batches below its log end exactly; batches
// appended after it was saved (at most about a second of them, after a crash) are its "tail",
// found with an index range read and added when the partition is loaded.
import type { Database, Statement } from 'better-sqlite3';

/** The table's migration, which also summarizes the batches a data folder already holds. */
export const PARTITION_SUMMARY_MIGRATION = `
  CREATE TABLE partition_logs (
    topic_id INTEGER NOT NULL,
    partition INTEGER NOT NULL,
    log_start_offset INTEGER NOT NULL,
    log_end_offset INTEGER NOT NULL,
    size_bytes INTEGER NOT NULL,
    PRIMARY KEY (topic_id, partition)
  ) WITHOUT ROWID;
  INSERT INTO partition_logs (topic_id, partition, log_start_offset, log_end_offset, size_bytes)
    SELECT topic_id, partition, MIN(base_offset), MAX(last_offset) + 1, SUM(size) FROM record_batches GROUP BY topic_id, partition;
`;

export interface PartitionSummary {
  topicId: number;
  partition: number;
  startOffset: number;
  endOffset: number;
  sizeBytes: number;
}

interface Tail {
  bytes: number;
  first: number | null;
  last: number | null;
}

/** The partition_logs statements; callers run them inside their own transactions. */
export class PartitionSummaries {
  private readonly upsert: Statement;
  private readonly selectOne: Statement;
  private readonly selectTail: Statement;
  private readonly removeTopic: Statement;

  constructor(db: Database) {
    this.upsert = db.prepare(
      `INSERT INTO partition_logs (topic_id, partition, log_start_offset, log_end_offset, size_bytes) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (topic_id, partition) DO UPDATE SET
         log_start_offset = excluded.log_start_offset, log_end_offset = excluded.log_end_offset, size_bytes = excluded.size_bytes`,
    );
    this.selectOne = db.prepare(
      'SELECT log_start_offset AS startOffset, log_end_offset AS endOffset, size_bytes AS sizeBytes FROM partition_logs WHERE topic_id = ? AND partition = ?',
    );
    // An index range read over the batches at or past `last_offset >= ?` only.
    this.selectTail = db.prepare(
      'SELECT COALESCE(SUM(size), 0) AS bytes, MIN(base_offset) AS first, MAX(last_offset) AS last FROM record_batches WHERE topic_id = ? AND partition = ? AND last_offset >= ?',
    );
    this.removeTopic = db.prepare('DELETE FROM partition_logs WHERE topic_id = ?');
  }

  save(summary: PartitionSummary): void {
    this.upsert.run(summary.topicId, summary.partition, summary.startOffset, summary.endOffset, summary.sizeBytes);
  }

  /** The saved row plus the batches appended since it was saved; undefined for a partition never written. */
  load(topicId: number, partition: number): PartitionSummary | undefined {
    const saved = this.selectOne.get(topicId, partition) as Omit<PartitionSummary, 'topicId' | 'partition'> | undefined;
    const tail = this.selectTail.get(topicId, partition, saved?.endOffset ?? 0) as Tail;
    if (!saved && tail.last === null) return undefined;
    return {
      topicId,
      partition,
      startOffset: saved?.startOffset ?? tail.first!,
      endOffset: tail.last === null ? saved!.endOffset : Math.max(saved?.endOffset ?? 0, tail.last + 1),
      sizeBytes: (saved?.sizeBytes ?? 0) + tail.bytes,
    };
  }

  deleteTopic(topicId: number): void {
    this.removeTopic.run(topicId);
  }
}
