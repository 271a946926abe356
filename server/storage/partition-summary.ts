// One row per partition with what start-up needs (log start, log end, bytes stored), kept in the
// same transaction as the batch writes that change it. Start-up reads these rows, O(partitions),
// instead of aggregating every stored batch, which took seconds with millions of batches.
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

/** What one transaction appended to a partition. */
export interface AppendedSpan {
  topicId: number;
  partition: number;
  firstOffset: number;
  endOffset: number;
  bytes: number;
}

const COLUMNS = 'topic_id AS topicId, partition, log_start_offset AS startOffset, log_end_offset AS endOffset, size_bytes AS sizeBytes';

/** The partition_logs statements; callers run them inside their own transactions. */
export class PartitionSummaries {
  private readonly upsert: Statement;
  private readonly shrink: Statement;
  private readonly selectOne: Statement;
  private readonly selectAll: Statement;
  private readonly removeTopic: Statement;

  constructor(db: Database) {
    // A partition's first append creates its row; its log starts at that append's first offset (0).
    this.upsert = db.prepare(
      `INSERT INTO partition_logs (topic_id, partition, log_start_offset, log_end_offset, size_bytes) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (topic_id, partition) DO UPDATE SET
         log_end_offset = MAX(log_end_offset, excluded.log_end_offset), size_bytes = size_bytes + excluded.size_bytes`,
    );
    // With no batch left, the log starts at its end (the end never moves back).
    this.shrink = db.prepare(
      'UPDATE partition_logs SET log_start_offset = COALESCE(?, log_end_offset), size_bytes = size_bytes - ? WHERE topic_id = ? AND partition = ?',
    );
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM partition_logs WHERE topic_id = ? AND partition = ?`);
    this.selectAll = db.prepare(`SELECT ${COLUMNS} FROM partition_logs`);
    this.removeTopic = db.prepare('DELETE FROM partition_logs WHERE topic_id = ?');
  }

  appended(span: AppendedSpan): void {
    this.upsert.run(span.topicId, span.partition, span.firstOffset, span.endOffset, span.bytes);
  }

  /** Batches were deleted from the front: the log now starts at `firstBatchOffset` (none left: undefined). */
  deletedFront(topicId: number, partition: number, firstBatchOffset: number | undefined, deletedBytes: number): void {
    this.shrink.run(firstBatchOffset ?? null, deletedBytes, topicId, partition);
  }

  get(topicId: number, partition: number): PartitionSummary | undefined {
    return this.selectOne.get(topicId, partition) as PartitionSummary | undefined;
  }

  all(): PartitionSummary[] {
    return this.selectAll.all() as PartitionSummary[];
  }

  deleteTopic(topicId: number): void {
    this.removeTopic.run(topicId);
  }
}
