// Issue 12: what the WAL checkpointer costs per 1,000,000 records written. The broker's storage
// (BrokerDatabase with its checkpoint worker thread, SqliteLogStore) in this process, written as
// the produce benchmark writes it: batches of 125 records of ~125 bytes, 8 per commit, paced in
// event-loop turns so the checkpoint timer runs between them. The same writes run with the
// default checkpoint interval and with checkpoints deferred past the end of the run; the CPU
// difference (user + system, all threads) is the checkpointer's.
//   npx tsx scripts/bench/checkpoint-cpu.ts
// BENCH_OLD_PAGE_SIZE=4096 runs it on a database created with that page size first (as an
// earlier broker left it), for a before/after figure of the page size; BENCH_CHECKPOINT_INTERVAL_MS
// sets the checkpoint interval (default the broker's).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { DEFAULT_CONFIG } from '../../server/config.js';
import { BrokerDatabase } from '../../server/storage/database.js';
import { SqliteLogStore, type BatchRow } from '../../server/storage/log-store.js';
import { fmt, median, report } from './lib/stats.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const OLD_PAGE_SIZE = Number(process.env.BENCH_OLD_PAGE_SIZE ?? 0);
const RECORDS_PER_BATCH = 125;
const BATCH_BYTES = 15_700;
const BATCHES_PER_COMMIT = 8;
const PARTITIONS = 8;
const NEVER_MS = 2 ** 31 - 1;
const INTERVAL_MS = Number(process.env.BENCH_CHECKPOINT_INTERVAL_MS ?? DEFAULT_CONFIG.checkpointIntervalMs);

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** CPU seconds per 1M records of writing (checkpoints included when the interval lets them run). */
async function run(checkpointIntervalMs: number): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'minibroker-checkpoint-'));
  if (OLD_PAGE_SIZE) {
    const old = new Database(join(dataDir, 'minibroker.db'));
    old.pragma(`page_size = ${OLD_PAGE_SIZE}`);
    old.pragma('journal_mode = WAL');
    old.close();
  }
  const log = pino({ level: 'silent' });
  const database = new BrokerDatabase({ memory: false, dataDir, checkpointIntervalMs, log });
  try {
    database.db.exec(`INSERT INTO topics (name, partition_count, created_at) VALUES ('t', ${PARTITIONS}, 0)`);
    const store = new SqliteLogStore(database.db, true);
    const data = randomBytes(BATCH_BYTES);
    const ends = new Array<number>(PARTITIONS).fill(0);
    const batches = Math.ceil(RECORDS / RECORDS_PER_BATCH);
    const start = cpuSeconds();
    for (let written = 0; written < batches; written += BATCHES_PER_COMMIT) {
      const rows: BatchRow[] = [];
      for (let i = 0; i < BATCHES_PER_COMMIT; i++) {
        const partition = (written + i) % PARTITIONS;
        const baseOffset = ends[partition]!;
        ends[partition] = baseOffset + RECORDS_PER_BATCH;
        rows.push({ topicId: 1, partition, baseOffset, lastOffset: baseOffset + 124, maxTimestamp: 0, data });
      }
      store.appendAll(rows, false);
      database.markWritten();
      await nextTurn();
    }
    // Let the checkpoint of the last writes run: the timer's next tick, then the checkpoint itself.
    if (checkpointIntervalMs !== NEVER_MS)
      await new Promise((resolve) => setTimeout(resolve, checkpointIntervalMs * 2.5));
    return ((cpuSeconds() - start) / RECORDS) * 1e6;
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const withCheckpoints: number[] = [];
const deferred: number[] = [];
for (let i = 0; i < RUNS; i++) {
  withCheckpoints.push(await run(INTERVAL_MS));
  deferred.push(await run(NEVER_MS));
}
const runs = (values: number[]) => `runs ${values.map((v) => fmt(v, 3)).join(' / ')}`;
const page = OLD_PAGE_SIZE ? `${OLD_PAGE_SIZE / 1024} KiB pages` : 'new database';
report(`writes + checkpoints (${page})`, `${fmt(median(withCheckpoints), 3)} s/1M`, runs(withCheckpoints));
report(`writes, checkpoints deferred (${page})`, `${fmt(median(deferred), 3)} s/1M`, runs(deferred));
report('checkpointer', `${fmt(median(withCheckpoints) - median(deferred), 3)} s/1M`, `median difference, ${RUNS} runs`);
