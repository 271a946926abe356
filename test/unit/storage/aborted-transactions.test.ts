// The aborted-transaction index follows the log start: transactions that ended below it (retention
// or DeleteRecords) are forgotten, those still reachable are kept.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { encodeRecordBatch } from '../../../protocol/record-batch.js';
import { SqliteLogStore } from '../../../server/storage/log-store.js';
import { applyMigrations } from '../../../server/storage/migrations.js';

describe('aborted transactions index', () => {
  it('drops the transactions that ended below the new log start', () => {
    const db = new Database(':memory:');
    applyMigrations(db);
    const logs = new SqliteLogStore(db, false);
    const batch = (base: number) => ({
      topicId: 1,
      partition: 0,
      baseOffset: base,
      lastOffset: base + 9,
      maxTimestamp: 1,
      data: encodeRecordBatch(Array.from({ length: 10 }, () => ({ value: 'v', timestamp: 1 }))),
    });
    logs.appendAll([batch(0), batch(10), batch(20)], false, {
      aborted: [
        { topicId: 1, partition: 0, producerId: 7, firstOffset: 0, lastOffset: 5 },
        { topicId: 1, partition: 0, producerId: 8, firstOffset: 12, lastOffset: 18 },
        { topicId: 1, partition: 1, producerId: 9, firstOffset: 0, lastOffset: 3 },
      ],
    });
    expect(logs.abortedTransactions(1, 0, 0, 30).map((a) => a.producerId)).toEqual([7, 8]);
    logs.deleteBelow(1, 0, 10, { endOffset: 30, sizeBytes: 0 });
    expect(logs.abortedTransactions(1, 0, 0, 30).map((a) => a.producerId)).toEqual([8]);
    expect(db.prepare('SELECT COUNT(*) FROM aborted_txns').pluck().get()).toBe(2);
    logs.deleteBelow(1, 0, 30, { endOffset: 30, sizeBytes: 0 });
    // Partition 1's transaction is untouched.
    expect(db.prepare('SELECT partition FROM aborted_txns').pluck().all()).toEqual([1]);
  });
});
