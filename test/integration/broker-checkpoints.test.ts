// The broker keeps copying its WAL into the database file when checkpoints fail: a worker thread
// that crashes is replaced, a checkpoint that errors is retried (even with no new writes), and
// each is logged.
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { encodeRecordBatch } from '../../protocol/record-batch.js';
import { WalCheckpointWorker, type CheckpointWorker } from '../../server/storage/checkpoint-worker.js';
import { useTempDirs } from '../helpers/temp-dirs.js';
import { useBrokerFixtures, type RawClient } from '../helpers/broker.js';
import { pollUntil } from '../helpers/poll-until.js';

const fixtures = useBrokerFixtures();
const tempDir = useTempDirs('checkpoints');

function captureLogs() {
  const lines: { level: number; msg: string; component?: string }[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, sink) };
}

/** A real worker whose finished checkpoints are counted. */
function counted(worker: CheckpointWorker, stats: { done: number }): CheckpointWorker {
  return {
    checkpoint: () => worker.checkpoint().then(() => void stats.done++),
    close: () => worker.close(),
  };
}

async function produceOnce(client: RawClient): Promise<void> {
  const records = encodeRecordBatch([{ value: 'x'.repeat(1000) }]);
  const r = await client.request('Produce', {
    acks: 1,
    topics: [{ name: 'wal', partitions: [{ partition: 0, records }] }],
  });
  expect(r.topics[0]!.partitions[0]!.errorCode).toBe(0);
}

describe('WAL checkpoints', () => {
  it('replace a checkpoint worker thread that crashed and go on checkpointing', async () => {
    const dataDir = tempDir();
    const stats = { done: 0 };
    const created: string[] = [];
    const { lines, logger } = captureLogs();
    const broker = await fixtures.broker({
      dataDir,
      checkpointIntervalMs: 10,
      logger,
      // The first worker thread dies at once (its database file does not exist); later ones work.
      checkpointWorker: (file) => {
        created.push(file);
        return created.length === 1
          ? new WalCheckpointWorker(join(dataDir, 'missing.db'))
          : counted(new WalCheckpointWorker(file), stats);
      },
    });
    const client = await fixtures.client(broker);
    await produceOnce(client);
    await pollUntil(() => stats.done > 0);
    expect(created.length).toBeGreaterThanOrEqual(2);
    expect(lines.filter((l) => l.level === 40 && l.component === 'storage').map((l) => l.msg)).toContain(
      'WAL checkpoint failed; retrying',
    );
    expect(lines.filter((l) => l.level === 30).map((l) => l.msg)).toContain('WAL checkpoints resumed');
    await produceOnce(client);
    const before = stats.done;
    await pollUntil(() => stats.done > before);
  });

  it('retry a checkpoint that failed even when nothing more is written', async () => {
    const dataDir = tempDir();
    const stats = { done: 0, failed: 0 };
    const broker = await fixtures.broker({
      dataDir,
      checkpointIntervalMs: 10,
      checkpointWorker: (file) => {
        const real = counted(new WalCheckpointWorker(file), stats);
        return {
          // The first three attempts fail as a busy database would.
          checkpoint: () =>
            stats.failed < 3
              ? (stats.failed++, Promise.reject(new Error('SQLITE_BUSY: database is locked')))
              : real.checkpoint(),
          close: () => real.close(),
        };
      },
    });
    const client = await fixtures.client(broker);
    await produceOnce(client); // the only write
    await pollUntil(() => stats.done > 0);
    expect(stats.failed).toBe(3);
  });
});
