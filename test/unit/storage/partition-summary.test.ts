// Partition summaries: saved by the registry, completed on load by the batches appended after the
// save (a crash between saves), rewritten by deletes — and start-up reads only them and that tail:
// every statement start-up runs is recorded, and the record-batch rows it reads are counted.
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { encodeRecordBatch } from '../../../protocol/record-batch.js';
import { AppendBatcher } from '../../../server/core/append-batcher.js';
import { TopicRegistry } from '../../../server/core/topic-registry.js';
import { SqliteLogStore, type BatchRow } from '../../../server/storage/log-store.js';
import { applyMigrations } from '../../../server/storage/migrations.js';
import { SqliteTopicStore } from '../../../server/storage/topic-store.js';

function open() {
  const statements: string[] = [];
  const db = new Database(':memory:', { verbose: (sql) => statements.push(String(sql)) });
  applyMigrations(db);
  const logs = new SqliteLogStore(db, false);
  const registry = () =>
    new TopicRegistry({
      topicStore: new SqliteTopicStore(db),
      logStore: logs,
      sink: new AppendBatcher(logs, pino({ level: 'silent' })),
      transact: (fn) => db.transaction(fn)(),
      maxBatchBytes: 1 << 20,
      defaultPartitions: 1,
      autoCreateTopics: true,
    });
  return { db, logs, registry, statements };
}

const batch = (values: string[]) =>
  encodeRecordBatch(
    values.map((value) => ({ value })),
    1000,
  );
const savedRows = (db: Database.Database) => db.prepare('SELECT COUNT(*) FROM partition_logs').pluck().get();

describe('partition summaries', () => {
  it('are saved by the registry, completed by the batches appended after the save, and rewritten by deletes', async () => {
    const { db, registry } = open();
    const live = registry();
    const [p0, p1] = live.create('t', 2).partitions;
    await p0!.append(batch(['a', 'b']), false);
    await p0!.append(batch(['c']), false);
    await p1!.append(batch(['x']), false);
    expect(live.saveSummaries()).toBe(2);
    expect(live.saveSummaries()).toBe(0);
    await p0!.append(batch(['d', 'e']), false); // after the save: found on load as the tail
    const state = (log = p0!) => [log.logStartOffset, log.logEndOffset, log.sizeBytes];
    const reloaded = () => registry().get('t')!.partitions;
    expect(reloaded().map((log) => state(log))).toEqual([state(p0), state(p1)]);
    expect(state()).toEqual([0, 5, expect.any(Number)]);

    p0!.truncateBefore(3); // the batch 3..4 stays; start moves to 3
    expect(state()).toEqual([3, 5, batch(['d', 'e']).length]);
    expect(state(reloaded()[0])).toEqual(state());
    p0!.truncateBefore(5); // nothing left: the log starts at its end, which stays
    expect(state()).toEqual([5, 5, 0]);
    expect(state(reloaded()[0])).toEqual([5, 5, 0]);
    expect((await p0!.append(batch(['f']), false)).baseOffset).toBe(5);
    expect(state(reloaded()[0])).toEqual(state());

    live.delete('t');
    expect(savedRows(db)).toBe(0);
  });

  it('are what start-up reads: record-batch rows read are the tail since the last save, not the stored batches', async () => {
    const { db, logs, registry, statements } = open();
    const live = registry();
    for (let t = 0; t < 3; t++) live.create(`t${t}`, 4);
    const topicIds = live.list().map((topic) => topic.id);
    const rows = (topicId: number, partition: number, from: number, count: number): BatchRow[] =>
      Array.from({ length: count }, (_, i) => ({
        topicId,
        partition,
        baseOffset: from + i * 2,
        lastOffset: from + i * 2 + 1,
        maxTimestamp: 1000,
        data: batch(['a', 'b']),
      }));
    for (const id of topicIds) for (let p = 0; p < 4; p++) logs.appendAll(rows(id, p, 0, 50), false);
    logs.saveSummaries(
      registry()
        .list()
        .flatMap((topic) => topic.partitions.map((log) => log.summary())),
    );
    logs.appendAll(rows(topicIds[2]!, 3, 100, 1), false); // one batch after the save

    statements.length = 0;
    const restarted = registry();
    expect(restarted.get('t2')!.partitions[3]!.logEndOffset).toBe(102);
    expect(restarted.get('t0')!.partitions[0]!.logEndOffset).toBe(100);
    // Each statement start-up ran against record_batches, turned into a count of the rows it reads.
    let batchRowsRead = 0;
    for (const sql of statements.filter((s) => /^SELECT .* FROM record_batches/is.test(s))) {
      const counted = sql.replace(/^SELECT .*? FROM record_batches/is, 'SELECT COUNT(*) AS n FROM record_batches');
      for (const row of db.prepare(counted).all() as { n: number }[]) batchRowsRead += row.n;
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((step) => step.detail)
        .join('; ');
      expect(plan).toBe(
        'SEARCH record_batches USING INDEX record_batches_by_offset (topic_id=? AND partition=? AND last_offset>?)',
      );
    }
    expect(batchRowsRead).toBe(1); // of 601 stored
  });

  it('find the first batch left after a delete with an index seek, not a scan', () => {
    const { db } = open();
    const plan = (
      db
        .prepare(
          'EXPLAIN QUERY PLAN SELECT base_offset FROM record_batches WHERE topic_id = 1 AND partition = 0 ORDER BY last_offset LIMIT 1',
        )
        .all() as { detail: string }[]
    )
      .map((step) => step.detail)
      .join('; ');
    expect(plan).toBe('SEARCH record_batches USING INDEX record_batches_by_offset (topic_id=? AND partition=?)');
  });
});
