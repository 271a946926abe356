// Issue 12: which SQLite page size new databases get. For each page size, the broker's batch
// table (record_batches, same schema and index) in a WAL database on disk, written as the
// broker writes it (automatic checkpoints off, synchronous=NORMAL, `PER_COMMIT` batches per
// transaction, like one append flush), then checkpointed as the checkpoint worker does
// (PASSIVE), then read back in offset order. Prints CPU (user + system) per MB of batches for
// each step and the WAL bytes written per batch byte (the part of a page rewritten per commit).
//   npx tsx scripts/bench/sqlite-page-size.ts
// BENCH_PAGE_SIZES (e.g. "4096,65536"), BENCH_BATCH_SIZES (bytes), BENCH_MB (data per case, default
// 64), BENCH_PER_COMMIT (default 8).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { fmt, median, report } from './lib/stats.js';

const list = (raw: string | undefined, fallback: number[]) => (raw ? raw.split(',').map(Number) : fallback);
const PAGE_SIZES = list(process.env.BENCH_PAGE_SIZES, [4096, 16384, 32768, 65536]);
const BATCH_SIZES = list(process.env.BENCH_BATCH_SIZES, [16 * 1024, 64 * 1024, 256 * 1024, 1024 * 1024]);
const MB = Number(process.env.BENCH_MB ?? 64);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PER_COMMIT = Number(process.env.BENCH_PER_COMMIT ?? 8);
const PARTITIONS = 8;

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

interface CaseResult {
  insert: number;
  checkpoint: number;
  read: number;
  walPerByte: number;
}

function runCase(pageSize: number, batchBytes: number): CaseResult {
  const dir = mkdtempSync(join(tmpdir(), 'minibroker-pages-'));
  const file = join(dir, 'bench.db');
  const db = new Database(file);
  try {
    db.pragma(`page_size = ${pageSize}`);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE record_batches (topic_id INTEGER NOT NULL, partition INTEGER NOT NULL,
      base_offset INTEGER NOT NULL, last_offset INTEGER NOT NULL, max_timestamp INTEGER NOT NULL,
      size INTEGER NOT NULL, data BLOB NOT NULL);
      CREATE UNIQUE INDEX record_batches_by_offset ON record_batches (topic_id, partition, last_offset);`);
    const insert = db.prepare('INSERT INTO record_batches VALUES (1, ?, ?, ?, 0, ?, ?)');
    const commit = db.transaction((rows: { partition: number; offset: number; data: Buffer }[]) => {
      for (const r of rows) insert.run(r.partition, r.offset, r.offset + 99, r.data.length, r.data);
    });
    const data = randomBytes(batchBytes);
    const batches = Math.ceil((MB * 1024 * 1024) / batchBytes / PER_COMMIT) * PER_COMMIT;
    const offsets = new Array<number>(PARTITIONS).fill(0);

    let start = cpuMs();
    for (let written = 0; written < batches; written += PER_COMMIT) {
      const rows = [];
      for (let i = 0; i < PER_COMMIT; i++) {
        const partition = (written + i) % PARTITIONS;
        rows.push({ partition, offset: offsets[partition]!, data });
        offsets[partition]! += 100;
      }
      commit(rows);
    }
    const insertMs = cpuMs() - start;
    const walBytes = statSync(`${file}-wal`).size;

    start = cpuMs();
    db.pragma('wal_checkpoint(PASSIVE)');
    const checkpointMs = cpuMs() - start;

    const read = db
      .prepare(
        'SELECT data FROM record_batches WHERE topic_id = 1 AND partition = ? AND last_offset >= 0 ORDER BY last_offset',
      )
      .pluck();
    start = cpuMs();
    let bytes = 0;
    for (let partition = 0; partition < PARTITIONS; partition++)
      for (const blob of read.iterate(partition) as IterableIterator<Buffer>) bytes += blob.length;
    const readMs = cpuMs() - start;
    if (bytes !== batches * batchBytes) throw new Error(`read ${bytes} bytes, wrote ${batches * batchBytes}`);
    const mb = bytes / (1024 * 1024);
    return { insert: insertMs / mb, checkpoint: checkpointMs / mb, read: readMs / mb, walPerByte: walBytes / bytes };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `CPU ms per MB of batches (median of ${RUNS}); ${PER_COMMIT} batches per commit over ${PARTITIONS} partitions, ${MB} MB per case`,
);
for (const batchBytes of BATCH_SIZES) {
  for (const pageSize of PAGE_SIZES) {
    const results: CaseResult[] = [];
    for (let run = 0; run < RUNS; run++) results.push(runCase(pageSize, batchBytes));
    const m = (pick: (r: CaseResult) => number) => median(results.map(pick));
    report(
      `batch ${batchBytes / 1024} KiB, page ${pageSize / 1024} KiB`,
      `insert ${fmt(
        m((r) => r.insert),
        2,
      )}`,
      `checkpoint ${fmt(
        m((r) => r.checkpoint),
        2,
      )}  read ${fmt(
        m((r) => r.read),
        2,
      )}  WAL bytes/byte ${fmt(
        m((r) => r.walPerByte),
        2,
      )}`,
    );
  }
}
