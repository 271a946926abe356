// The WAL stays bounded under steady writes: several connections produce back to back (writes
// never pause for long), far more bytes than the bound, and the WAL file is measured after every
// answer. A longer run of the same shape: scripts/chaos/wal-steady-writes.ts.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeRecordBatch } from '../../protocol/record-batch.js';
import { useTempDirs } from '../helpers/temp-dirs.js';
import { useBrokerFixtures } from '../helpers/broker.js';

const fixtures = useBrokerFixtures();
const tempDir = useTempDirs('wal');

const MiB = 1024 * 1024;

describe('WAL size under steady writes', () => {
  it('stays under a bound while many times that is written', async () => {
    const dataDir = tempDir();
    const broker = await fixtures.broker({ dataDir, checkpointIntervalMs: 10, walMaxBytes: 4 * MiB });
    const wal = join(dataDir, 'minibroker.db-wal');
    const walBytes = () => (existsSync(wal) ? statSync(wal).size : 0);
    const writers = 4;
    const producesEach = 200;
    const records = encodeRecordBatch(
      Array.from({ length: 64 }, (_, i) => ({ key: `k${i}`, value: Buffer.alloc(1000, i) })),
    );
    const clients = await Promise.all(Array.from({ length: writers }, () => fixtures.client(broker)));
    await clients[0]!.request('CreateTopics', { topics: [{ name: 'steady', numPartitions: writers }] });
    let largest = 0;
    // Each connection keeps two produces in flight, so there is always a write waiting.
    const produceLoop = async (client: (typeof clients)[number], partition: number) => {
      for (let i = 0; i < producesEach / 2; i++) {
        const r = await client.request('Produce', {
          acks: 1,
          topics: [{ name: 'steady', partitions: [{ partition, records }] }],
        });
        expect(r.topics[0]!.partitions[0]!.errorCode).toBe(0);
        largest = Math.max(largest, walBytes());
      }
    };
    await Promise.all(
      clients.flatMap((client, partition) => [produceLoop(client, partition), produceLoop(client, partition)]),
    );
    const written = writers * producesEach * records.length;
    expect(written).toBeGreaterThan(32 * MiB);
    // Measured: without any RESTART the WAL reached 18-54 MiB here; with the checkpoint worker's,
    // 6-7 MiB on an idle machine, and up to 12 MiB with the machine loaded 5x over (the writer's
    // own checkpoint past twice the bound waits only briefly for a worker mid-checkpoint). The
    // bound without a running worker is exact: the next test.
    expect(largest, `largest WAL ${(largest / MiB).toFixed(1)} MiB`).toBeLessThan(16 * MiB);
  });

  it('holds even when the checkpoint worker never runs: the writer checkpoints past twice the bound', async () => {
    const dataDir = tempDir();
    // A worker whose checkpoints never finish until the test releases them (so the broker can close).
    let released = false;
    let release = () => {};
    const stalled = {
      checkpoint: () =>
        released ? Promise.resolve() : new Promise<void>((resolve) => (release = () => ((released = true), resolve()))),
      close: async () => {},
    };
    const broker = await fixtures.broker({
      dataDir,
      checkpointIntervalMs: 10,
      walMaxBytes: 2 * MiB,
      checkpointWorker: () => stalled,
    });
    const wal = join(dataDir, 'minibroker.db-wal');
    const records = encodeRecordBatch(Array.from({ length: 64 }, (_, i) => ({ value: Buffer.alloc(1000, i) })));
    const client = await fixtures.client(broker);
    await client.request('CreateTopics', { topics: [{ name: 'stalled', numPartitions: 1 }] });
    let largest = 0;
    for (let i = 0; i < 200; i++) {
      const r = await client.request('Produce', {
        acks: 1,
        topics: [{ name: 'stalled', partitions: [{ partition: 0, records }] }],
      });
      expect(r.topics[0]!.partitions[0]!.errorCode).toBe(0);
      largest = Math.max(largest, existsSync(wal) ? statSync(wal).size : 0);
    }
    // 12.5 MiB written, nothing checkpointed by the worker: the WAL stays within 4 MiB + one produce.
    release();
    expect(largest, `largest WAL ${(largest / MiB).toFixed(1)} MiB`).toBeLessThan(4 * MiB + MiB / 2);
  });
});
