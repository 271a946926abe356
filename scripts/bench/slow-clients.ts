// Issue 9's benchmark: what hostile clients cost everyone else. Other clients' Produce round
// trips (p50/p99) and the broker's RSS, first unloaded, then while one client pipelines large
// Fetches and never reads its socket and another trickles a request frame byte by byte.
// `tsx scripts/bench/slow-clients.ts [path/to/cli/main.js [broker flags...]]` — another build's
// CLI gives the before figure (e.g. a checkout of the previous commit).
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { Client, type Producer } from '../../client-sdk/index.js';
import { Api } from '../../protocol/apis.js';
import { encodeRequestFrame } from '../../protocol/envelope.js';
import { startBrokerProcess } from './lib/broker-process.js';
import { elapsedMs, fmt, percentile, report } from './lib/stats.js';

const BULK_RECORDS = 64; // of 1 MB each
const HOG_FETCHES = Number(process.env.BENCH_HOG_FETCHES ?? 32); // of up to 50 MiB each
const PROBES = Number(process.env.BENCH_PROBES ?? 500);
const FIFTY_MIB = 50 * 1024 * 1024;

function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

function connect(address: string): Promise<net.Socket> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), host, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sequential acks=1 sends of one 100-byte record by a connected producer; sorted times in ms. */
async function probeLatencies(producer: Producer): Promise<number[]> {
  const value = Buffer.alloc(100, 1);
  const times: number[] = [];
  for (let i = 0; i < PROBES; i++) {
    const start = process.hrtime.bigint();
    await producer.send({ topic: 'probe', messages: [{ value }], acks: 1 });
    times.push(elapsedMs(start));
  }
  return times.sort((a, b) => a - b);
}

/** A client that pipelines HOG_FETCHES Fetches of up to 50 MiB and never reads a byte. */
async function startNeverReadingClient(address: string): Promise<net.Socket> {
  const socket = await connect(address);
  socket.on('error', () => {});
  const fetch = {
    maxBytes: FIFTY_MIB,
    minBytes: 0,
    maxWaitMs: 0,
    topics: [{ name: 'bulk', partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: FIFTY_MIB }] }],
  };
  socket.write(
    Buffer.concat(
      Array.from({ length: HOG_FETCHES }, (_, i) => encodeRequestFrame(Api.Fetch, 0, i + 1, 'never-reads', fetch)),
    ),
  );
  return socket;
}

/** A slowloris: announces a 100-byte frame and sends one byte of it every 100 ms. */
async function startSlowloris(address: string): Promise<() => void> {
  const socket = await connect(address);
  socket.on('error', () => {});
  socket.on('data', () => {});
  const header = Buffer.alloc(4);
  header.writeUInt32BE(100);
  socket.write(header);
  const timer = setInterval(() => socket.writable && socket.write(Buffer.from([0x08])), 100);
  return () => {
    clearInterval(timer);
    socket.destroy();
  };
}

export async function benchSlowClients(cli?: string, brokerFlags: string[] = []): Promise<void> {
  const broker = await startBrokerProcess(['--memory', ...brokerFlags], { cli });
  const client = new Client({ clientId: 'bench-slow-clients', brokers: broker.brokers, logLevel: 'nothing' });
  const admin = client.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: 'bulk', numPartitions: 1 },
      { topic: 'probe', numPartitions: 1 },
    ],
  });
  await admin.disconnect();
  const loader = client.producer({ lingerMs: 0 });
  await loader.connect();
  const megabyte = Buffer.alloc(1_000_000, 7);
  for (let i = 0; i < BULK_RECORDS; i++) await loader.send({ topic: 'bulk', messages: [{ value: megabyte }], acks: 1 });
  await loader.disconnect();

  // Connected (metadata known) before either phase, so each phase times only its sends.
  const prober = client.producer({ lingerMs: 0 });
  await prober.connect();
  await prober.send({ topic: 'probe', messages: [{ value: 'warm-up' }], acks: 1 });
  const unloaded = await probeLatencies(prober);
  const rssBefore = rssMiB(broker.pid);

  const hog = await startNeverReadingClient(broker.brokers[0]!);
  const stopSlowloris = await startSlowloris(broker.brokers[0]!);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB(broker.pid))), 20);
  const loadedStart = process.hrtime.bigint();
  const loaded = await probeLatencies(prober);
  const loadedMs = elapsedMs(loadedStart);
  clearInterval(sampler);
  rssPeak = Math.max(rssPeak, rssMiB(broker.pid));
  hog.destroy();
  stopSlowloris();
  await prober.disconnect();
  await broker.stop();

  const p99Unloaded = percentile(unloaded, 99);
  const p99Loaded = percentile(loaded, 99);
  console.log(
    `broker: ${[cli ?? 'dist/cli/main.js', ...brokerFlags].join(' ')}; ${PROBES} sequential produce round trips each phase; hog: ${HOG_FETCHES} pipelined Fetches of up to 50 MiB (${BULK_RECORDS} MB stored), never read; slowloris: 1 byte / 100 ms`,
  );
  report('produce p50 / p99, unloaded (ms)', `${fmt(percentile(unloaded, 50), 2)} / ${fmt(p99Unloaded, 2)}`);
  report(
    'produce p50 / p99, hog + slowloris (ms)',
    `${fmt(percentile(loaded, 50), 2)} / ${fmt(p99Loaded, 2)}`,
    `p99 ratio ${fmt(p99Loaded / p99Unloaded, 2)}x; max ${fmt(loaded.at(-1)!, 0)} ms; phase ${fmt(loadedMs, 0)} ms`,
  );
  report(
    'broker RSS before / peak under load (MiB)',
    `${fmt(rssBefore)} / ${fmt(rssPeak)}`,
    `+${fmt(rssPeak - rssBefore)} MiB`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSlowClients(process.argv[2], process.argv.slice(3));
