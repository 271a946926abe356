// Partition summaries: kept right by appends, front deletes and topic deletes, and the only thing
// start-up reads — checked by recording every statement start-up runs and asking SQLite for its
// query plan (no timings).
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { encodeRecordBatch } from '../../../protocol/record-batch.js';
import type { AppendSink } from '../../../server/core/partition-log.js';
import { TopicRegistry } from '../../../server/core/topic-registry.js';
import { SqliteLogStore, type BatchRow } from '../../../server/storage/log-store.js';
import { applyMigrations } from '../../../server/storage/migrations.js';
import { SqliteTopicStore } from '../../../server/storage/topic-store.js';

const noSink: AppendSink = { enqueue: () => {} };

function open(statements: string[] = []) {
  const db = new Database(':memory:', { verbose: (sql) => statements.push(String(sql)) });
  applyMigrations(db);
  const topics = new SqliteTopicStore(db);
  const logs = new SqliteLogStore(db, false);
  return { db, topics, logs, statements };
}

/** `count` batches of `records` records each, back to back from offset `from`. */
function rows(topicId: number, partition: number, from: number, count: number, records = 2): BatchRow[] {
  return Array.from({ length: count }, (_, i) => {
    const baseOffset = from + i * records;
    const data = encodeRecordBatch(Array.from({ length: records }, (_, r) => ({ value: `v${r}` })), 1000);
    return { topicId, partition, baseOffset, lastOffset: baseOffset + records - 1, maxTimestamp: 1000, data };
  });
}

const bytesOf = (list: BatchRow[]) => list.reduce((sum, r) => sum + r.data.length, 0);

function registry(db: Database.Database, logs: SqliteLogStore) {
  return new TopicRegistry({
    topicStore: new SqliteTopicStore(db),
    logStore: logs,
    sink: noSink,
    transact: (fn) => db.transaction(fn)(),
    maxBatchBytes: 1 << 20,
    defaultPartitions: 1,
    autoCreateTopics: true,
  });
}

describe('partition summaries', () => {
  it('follow appends, deletes from the front and topic deletion', () => {
    const { topics, logs } = open();
    const t = topics.create('t', 2, {});
    const first = rows(t, 0, 0, 3);
    logs.appendAll([...first, ...rows(t, 1, 0, 1)], false);
    const more = rows(t, 0, 6, 2);
    logs.appendAll(more, false);
    expect(logs.summaries()).toEqual([
      { topicId: t, partition: 0, startOffset: 0, endOffset: 10, sizeBytes: bytesOf([...first, ...more]) },
      { topicId: t, partition: 1, startOffset: 0, endOffset: 2, sizeBytes: bytesOf(rows(t, 1, 0, 1)) },
    ]);
    // Offset 3 is inside the batch 2..3: that batch stays, the log starts at its base.
    expect(logs.deleteBelow(t, 0, 3)).toEqual({ topicId: t, partition: 0, startOffset: 2, endOffset: 10, sizeBytes: bytesOf([...first, ...more]) - first[0]!.data.length });
    expect(logs.deleteBelow(t, 0, 10)).toEqual({ topicId: t, partition: 0, startOffset: 10, endOffset: 10, sizeBytes: 0 });
    logs.appendAll(rows(t, 0, 10, 1), false);
    expect(logs.summaries()[0]).toMatchObject({ startOffset: 10, endOffset: 12 });
    logs.deleteTopic(t);
    expect(logs.summaries()).toEqual([]);
  });

  it('are all that start-up reads: no statement it runs touches the record batches', () => {
    const { db, topics, logs, statements } = open();
    for (let t = 0; t < 3; t++) {
      const id = topics.create(`t${t}`, 4, {});
      for (let p = 0; p < 4; p++) logs.appendAll(rows(id, p, 0, 50), false);
    }
    statements.length = 0;
    const restarted = registry(db, logs);
    expect(restarted.get('t2')!.partitions[3]!.logEndOffset).toBe(100);
    const reads = statements.filter((sql) => /^\s*SELECT/i.test(sql));
    expect(reads.length).toBeGreaterThan(0);
    for (const sql of reads) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((step) => step.detail).join('; ');
      expect({ sql, plan }).toEqual({ sql, plan: expect.not.stringContaining('record_batches') });
    }
    // One summary row per partition, whatever the number of batches.
    expect(logs.summaries()).toHaveLength(12);
  });

  it('find the first batch left after a delete with an index seek, not a scan', () => {
    const { db } = open();
    const plan = (db.prepare('EXPLAIN QUERY PLAN SELECT base_offset FROM record_batches WHERE topic_id = 1 AND partition = 0 ORDER BY last_offset LIMIT 1').all() as { detail: string }[])
      .map((step) => step.detail)
      .join('; ');
    expect(plan).toMatch(/^SEARCH record_batches USING INDEX record_batches_by_offset \(topic_id=\? AND partition=\?\)$/);
  });
});
