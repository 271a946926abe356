// Broker CPU seconds per 1,000,000 records, produce and consume (issue 12): the produce-consume
// load (100-byte values, 16-character keys, 8 partitions, one producer with acks=1, then one
// consumer from offset 0) against the built broker in its own process with data on disk. CPU is
// user + system time of the whole broker process (every thread, the WAL checkpointer's too) from
// /proc/<pid>/stat, which a busy machine disturbs far less than throughput. The produce window
// ends after the broker's next checkpoint could have run, so checkpoint work is counted.
//   npx tsx scripts/bench/broker-cpu.ts [dist-A dist-B ...]   (folders holding cli/main.js; default dist)
// Builds are run interleaved (A, B, A, B, …), each run on a fresh broker; medians are printed.
// BENCH_BROKER_NODE_ARGS adds node flags to the broker, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '../../client-sdk/index.js';
import { consumeLoad } from './lib/consume-load.js';
import { produceLoad } from './lib/produce-load.js';
import { fmt, median, report } from './lib/stats.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PARTITIONS = 8;
const WARMUP_RECORDS = 100_000;
/** Longer than the broker's default checkpoint interval (1 s), so the checkpoint after produce is counted. */
const CHECKPOINT_SETTLE_MS = 1500;
const NODE_ARGS = (process.env.BENCH_BROKER_NODE_ARGS ?? '').split(' ').filter(Boolean);

/** User plus system CPU seconds used (fields 14 and 15 of a /proc stat file, in 1/100 s). */
function cpuSecondsOf(statFile: string): number {
  const fields = readFileSync(statFile, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The whole process's CPU seconds, and its main thread's (the event loop; the rest is SQLite's checkpoint worker, GC and libuv threads). */
function cpuSeconds(pid: number): { all: number; main: number } {
  return { all: cpuSecondsOf(`/proc/${pid}/stat`), main: cpuSecondsOf(`/proc/${pid}/task/${pid}/stat`) };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

async function connectable(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => done(false));
  });
}

interface Measured {
  produce: number;
  consume: number;
  produceMain: number;
  consumeMain: number;
}

/** One fresh broker of `dist`: warm-up, then produce and consume of RECORDS; CPU s per 1M records. */
async function measure(dist: string): Promise<Measured> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'minibroker-cpu-'));
  const args = [...NODE_ARGS, join(dist, 'cli/main.js'), 'start', '--port', String(port), '--http-port', 'off'];
  args.push('--data-dir', dataDir, '--log-level', 'warn', '--default-partitions', String(PARTITIONS));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise((done) => child.once('exit', done));
  try {
    while (!(await connectable(port))) {
      if (child.exitCode !== null) throw new Error(`broker exited with code ${child.exitCode}`);
      await sleep(20);
    }
    const client = new Client({ clientId: 'bench-cpu', brokers: [`127.0.0.1:${port}`], logLevel: 'error' });
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({ topics: ['warm', 'cpu'].map((topic) => ({ topic, numPartitions: PARTITIONS })) });
    await admin.disconnect();
    const load = { perSend: 1000, inFlight: 8 };
    await produceLoad(client, 'warm', { records: WARMUP_RECORDS, ...load });
    await consumeLoad(client, 'warm', WARMUP_RECORDS, PARTITIONS);
    await sleep(CHECKPOINT_SETTLE_MS);

    const pid = child.pid!;
    const perMillion = (cpu: number) => (cpu / RECORDS) * 1e6;
    const before = cpuSeconds(pid);
    await produceLoad(client, 'cpu', { records: RECORDS, ...load });
    await sleep(CHECKPOINT_SETTLE_MS);
    const produced = cpuSeconds(pid);
    await consumeLoad(client, 'cpu', RECORDS, PARTITIONS);
    const consumed = cpuSeconds(pid);
    return {
      produce: perMillion(produced.all - before.all),
      produceMain: perMillion(produced.main - before.main),
      consume: perMillion(consumed.all - produced.all),
      consumeMain: perMillion(consumed.main - produced.main),
    };
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const dists = (process.argv.length > 2 ? process.argv.slice(2) : ['dist']).map((d) => resolve(d));
const results: Measured[][] = dists.map(() => []);
for (let run = 0; run < RUNS; run++) for (const [i, dist] of dists.entries()) results[i]!.push(await measure(dist));

const runs = (values: number[]) => `runs ${values.map((v) => fmt(v, 3)).join(' / ')}`;
for (const [i, dist] of dists.entries()) {
  for (const key of ['produce', 'produceMain', 'consume', 'consumeMain'] as const) {
    const values = results[i]!.map((r) => r[key]);
    report(
      `${dist} ${key === 'produceMain' || key === 'consumeMain' ? `  of it main thread` : key}`,
      `${fmt(median(values), 3)} s/1M`,
      runs(values),
    );
  }
}
console.log(`broker CPU (user + system, all threads) per 1,000,000 records; median of ${RUNS} runs each`);
