// Soak: the WAL stays bounded under steady writes for as long as you let it run. A broker on a
// temporary data folder (default checkpoint settings, retention by size so the disk does not
// fill) takes a steady produce load at a target rate; the WAL file is sampled every 250 ms.
// Prints the figures and exits 1 if the WAL ever went past the bound or a send failed.
//
//   npx tsx scripts/chaos/wal-steady-writes.ts                      (10 minutes at 20 MB/s)
//   WAL_SOAK_MINUTES=180 WAL_SOAK_MB_PER_S=20 npx tsx scripts/chaos/wal-steady-writes.ts
//
// The bound: walMaxBytes plus what the load writes in two checkpoint intervals (a checkpoint
// runs once per interval), with walMaxBytes and checkpointIntervalMs at the broker defaults.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '../../client-sdk/index.js';
import { DEFAULT_CONFIG } from '../../server/config.js';
import { startBroker } from '../../server/index.js';

const MINUTES = Number(process.env.WAL_SOAK_MINUTES ?? 10);
const MB_PER_S = Number(process.env.WAL_SOAK_MB_PER_S ?? 20);
const PARTITIONS = 4;
const RECORD_BYTES = 1000;
const RECORDS_PER_SEND = 100;
const MiB = 1024 * 1024;

const bytesPerSend = RECORD_BYTES * RECORDS_PER_SEND;
const bound = DEFAULT_CONFIG.walMaxBytes + 2 * (DEFAULT_CONFIG.checkpointIntervalMs / 1000) * MB_PER_S * 1e6;

export async function walSteadyWrites(): Promise<{ ok: boolean; summary: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'minibroker-wal-soak-'));
  const broker = await startBroker({ port: 0, dataDir, retentionBytes: 256 * MiB, retentionCheckIntervalMs: 5000 });
  const client = new Client({ brokers: broker.brokers, clientId: 'wal-soak', logLevel: 'silent' });
  const producer = client.producer({ lingerMs: 0 });
  const wal = join(dataDir, 'minibroker.db-wal');
  const db = join(dataDir, 'minibroker.db');
  const size = (file: string) => (existsSync(file) ? statSync(file).size : 0);
  let largestWal = 0;
  let sent = 0;
  let failures = 0;
  const sampler = setInterval(() => (largestWal = Math.max(largestWal, size(wal))), 250);
  try {
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'wal-soak', numPartitions: PARTITIONS }] });
    await admin.disconnect();
    await producer.connect();
    const value = Buffer.alloc(RECORD_BYTES, 7);
    const messages = Array.from({ length: RECORDS_PER_SEND }, (_, i) => ({ key: `k${i}`, value }));
    const start = Date.now();
    const end = start + MINUTES * 60_000;
    // One writer per partition, each sending on its own schedule: the rate stays steady and
    // there is always a write on its way.
    const sendsPerSecond = (MB_PER_S * 1e6) / bytesPerSend / PARTITIONS;
    const report = setInterval(() => {
      const minutes = ((Date.now() - start) / 60_000).toFixed(0);
      console.log(
        `${minutes} min: written ${(sent / 1e9).toFixed(2)} GB, WAL now ${(size(wal) / MiB).toFixed(1)} MiB, largest ${(largestWal / MiB).toFixed(1)} MiB, database ${(size(db) / MiB).toFixed(0)} MiB`,
      );
    }, 60_000);
    const writer = async (partition: number) => {
      const batch = messages.map((m) => ({ ...m, partition }));
      for (let n = 0; Date.now() < end; n++) {
        const wait = start + (n * 1000) / sendsPerSecond - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        try {
          await producer.send({ topic: 'wal-soak', acks: 1, messages: batch });
          sent += bytesPerSend;
        } catch {
          failures++;
        }
      }
    };
    await Promise.all(Array.from({ length: PARTITIONS }, (_, p) => writer(p)));
    clearInterval(report);
    const seconds = (Date.now() - start) / 1000;
    largestWal = Math.max(largestWal, size(wal));
    const ok = largestWal <= bound && failures === 0;
    const summary =
      `WAL under steady writes: largest ${(largestWal / MiB).toFixed(1)} MiB (bound ${(bound / MiB).toFixed(0)} MiB) over ${(seconds / 60).toFixed(1)} min, ` +
      `${(sent / 1e9).toFixed(2)} GB written at ${(sent / 1e6 / seconds).toFixed(1)} MB/s, ${failures} failed sends, database ${(size(db) / MiB).toFixed(0)} MiB`;
    return { ok, summary };
  } finally {
    clearInterval(sampler);
    await producer.disconnect().catch(() => {});
    await broker.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { ok, summary } = await walSteadyWrites();
  console.log(summary);
  process.exitCode = ok ? 0 : 1;
}
