// Issue 9's restart benchmark: how long a broker takes from start to serving when its data folder
// already holds ~10M records. The folder is filled directly through the storage layer (big
// transactions, one encoded batch copied with new base offsets) so filling takes seconds, then the
// broker is restarted on it several times: embedded (startBroker() to an answered ApiVersions) and
// as `minibroker start` (process launch to an answered ApiVersions).
//
//   npx tsx scripts/bench/restart.ts
//   BENCH_RESTART_RECORDS=10000000 BENCH_RESTART_BATCH_RECORDS=10 BENCH_RESTART_PARTITIONS=8
//   BENCH_RESTART_DIR=/tmp/some-folder keeps the folder (and reuses it when it already holds data).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { encodeRecordBatch, setBaseOffset } from '../../protocol/record-batch.js';
import { startBroker } from '../../server/index.js';
import { BrokerDatabase } from '../../server/storage/database.js';
import { SqliteLogStore, type BatchRow } from '../../server/storage/log-store.js';
import { SqliteTopicStore } from '../../server/storage/topic-store.js';
import { probeApiVersions } from './lib/api-versions-probe.js';
import { cliStartToServingMs } from './lib/cli-start.js';
import { elapsedMs, fmt, median, repeat, report } from './lib/stats.js';

const RECORDS = Number(process.env.BENCH_RESTART_RECORDS ?? 10_000_000);
const BATCH_RECORDS = Number(process.env.BENCH_RESTART_BATCH_RECORDS ?? 10);
const PARTITIONS = Number(process.env.BENCH_RESTART_PARTITIONS ?? 8);
const RUNS = Number(process.env.BENCH_RESTART_RUNS ?? 7);
const ROWS_PER_TRANSACTION = 20_000;

/** Writes RECORDS small records into topic "bench", spread evenly over its partitions. */
async function fill(dataDir: string): Promise<{ batches: number; ms: number }> {
  const start = process.hrtime.bigint();
  const database = new BrokerDatabase({
    memory: false,
    dataDir,
    checkpointIntervalMs: 60_000,
    log: pino({ level: 'silent' }),
  });
  const store = new SqliteLogStore(database.db, true);
  const topicId = new SqliteTopicStore(database.db).create('bench', PARTITIONS, {});
  const template = encodeRecordBatch(
    Array.from({ length: BATCH_RECORDS }, (_, i) => ({ key: `k${i}`, value: `value-${i}` })),
  );
  const batches = Math.ceil(RECORDS / BATCH_RECORDS);
  const nextOffset = new Array<number>(PARTITIONS).fill(0);
  let rows: BatchRow[] = [];
  for (let i = 0; i < batches; i++) {
    const partition = i % PARTITIONS;
    const data = Buffer.from(template);
    const baseOffset = nextOffset[partition]!;
    setBaseOffset(data, baseOffset);
    nextOffset[partition] = baseOffset + BATCH_RECORDS;
    rows.push({
      topicId,
      partition,
      baseOffset,
      lastOffset: baseOffset + BATCH_RECORDS - 1,
      maxTimestamp: Date.now(),
      data,
    });
    if (rows.length === ROWS_PER_TRANSACTION) {
      store.appendAll(rows, false);
      rows = [];
    }
  }
  if (rows.length) store.appendAll(rows, false);
  // What a broker saves on shutdown (a data folder from before summaries has none: it migrates).
  store.saveSummaries?.(
    nextOffset.map((end, partition) => ({
      topicId,
      partition,
      startOffset: 0,
      endOffset: end,
      sizeBytes: (end / BATCH_RECORDS) * template.length,
    })),
  );
  database.markWritten();
  await database.close();
  return { batches, ms: elapsedMs(start) };
}

async function embeddedRun(dataDir: string): Promise<number> {
  const start = process.hrtime.bigint();
  const broker = await startBroker({ port: 0, dataDir });
  await probeApiVersions(broker.host, broker.port);
  const ms = elapsedMs(start);
  await broker.close();
  return ms;
}

const cliRun = (dataDir: string) => cliStartToServingMs(['--data-dir', dataDir]);

export async function benchRestart(): Promise<string[]> {
  const keep = process.env.BENCH_RESTART_DIR;
  const dataDir = keep ?? mkdtempSync(join(tmpdir(), 'minibroker-restart-'));
  const lines: string[] = [];
  try {
    if (!existsSync(join(dataDir, 'minibroker.db'))) {
      const filled = await fill(dataDir);
      lines.push(
        report(
          'fill data folder',
          `${fmt(filled.ms, 0)} ms`,
          `${fmt(RECORDS)} records in ${fmt(filled.batches)} batches, ${PARTITIONS} partitions`,
        ),
      );
    }
    // The first start after a schema change migrates; the runs below measure plain restarts.
    const first = await embeddedRun(dataDir);
    lines.push(report('first start on the folder', `${fmt(first, 1)} ms`, 'includes any one-time migration'));
    const embedded = await repeat(RUNS, () => embeddedRun(dataDir));
    lines.push(
      report(
        'restart, startBroker() to answer',
        `${fmt(median(embedded), 1)} ms`,
        `median of ${RUNS} (target ≤ 200 ms); min ${fmt(Math.min(...embedded), 1)}, max ${fmt(Math.max(...embedded), 1)}`,
      ),
    );
    const cli = await repeat(RUNS, () => cliRun(dataDir));
    lines.push(
      report(
        'restart, minibroker start launch to answer',
        `${fmt(median(cli), 0)} ms`,
        `median of ${RUNS}; min ${fmt(Math.min(...cli), 0)}, max ${fmt(Math.max(...cli), 0)}`,
      ),
    );
    // The same on an empty folder: what is left is process launch and module loading.
    const emptyDir = mkdtempSync(join(tmpdir(), 'minibroker-restart-empty-'));
    try {
      const empty = await repeat(RUNS, () => cliRun(emptyDir));
      lines.push(
        report(
          'same, empty data folder',
          `${fmt(median(empty), 0)} ms`,
          `median of ${RUNS}; min ${fmt(Math.min(...empty), 0)}, max ${fmt(Math.max(...empty), 0)}`,
        ),
      );
    } finally {
      rmSync(emptyDir, { recursive: true, force: true });
    }
  } finally {
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchRestart();
