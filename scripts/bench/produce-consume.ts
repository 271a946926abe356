// Issue 2's benchmark: 1,000,000 records (100-byte values, 16-byte keys) over 8 partitions from
// one producer with acks=1, read back by one consumer; produce latency at a fixed rate; and the
// ceiling: the same bytes over a plain TCP socket on loopback, measured in the same run.
// Issue 12 adds peers under the same load, interleaved with ours in the same run: Redis Streams
// and NATS JetStream, each when its server is on PATH; and CPU seconds and memory per system.
// Every measured run of every system follows a warm-up of 20% of its records (lib/compare.ts).
import { Client } from '../../client-sdk/index.js';
import { consumeLoad } from './lib/consume-load.js';
import { startBrokerProcess, type BrokerProcess } from './lib/broker-process.js';
import type { BenchLoad, BenchSystem, Skipped } from './lib/bench-system.js';
import { reportComparison, runInterleaved } from './lib/compare.js';
import { benchMessages, produceLoad } from './lib/produce-load.js';
import { tcpCeilingBytesPerSecond } from './lib/tcp-ceiling.js';
import { elapsedMs, fmt, median, percentile, repeat, report } from './lib/stats.js';
import { startNatsJetStream } from './peers/nats-jetstream.js';
import { startRedisStreams } from './peers/redis-streams.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const PARTITIONS = 8;
const PER_SEND = 1000;
const IN_FLIGHT = 8;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const RATE = 20_000;
const LATENCY_SECONDS = 5;
// The first second at the target rate warms the JIT and the connection; it is not counted.
const WARMUP_SECONDS = 1;
const RECORD_BYTES = 100 + 16;
const LOAD: BenchLoad = { records: RECORDS, perSend: PER_SEND, inFlight: IN_FLIGHT };
/** Before each measured run, every system produces or consumes this many, unmeasured (lib/compare.ts). */
const WARM_RECORDS = Math.max(PER_SEND * IN_FLIGHT, Math.round(RECORDS / 5));

async function produceRun(client: Client, topic: string, records: number): Promise<number> {
  const ms = await produceLoad(client, topic, { records, perSend: PER_SEND, inFlight: IN_FLIGHT });
  return (records / ms) * 1000;
}

const consumeRun = (client: Client, topic: string, records: number) => consumeLoad(client, topic, records, PARTITIONS);

function minibroker(broker: BrokerProcess, client: Client, topics: string[]): BenchSystem {
  return {
    name: 'minibroker',
    setup: `${PARTITIONS} partitions, acks=1; sends of ${fmt(PER_SEND)} × ${IN_FLIGHT} in flight; 1 consumer, no group`,
    pid: broker.pid,
    produce: async (run, records) => ({ recordsPerSecond: await produceRun(client, topics[run]!, records) }),
    consume: async (run, records) => ({ recordsPerSecond: await consumeRun(client, topics[run]!, records) }),
    stop: () => broker.stop(),
  };
}

async function latencyRun(client: Client, topic: string): Promise<number[]> {
  const producer = client.producer({ lingerMs: 0 });
  await producer.connect();
  const [message] = benchMessages(1);
  const warmup = RATE * WARMUP_SECONDS;
  const total = warmup + RATE * LATENCY_SECONDS;
  const latencies: number[] = [];
  // Sends are counted, not kept: holding 120,000 promises and their results would grow the old
  // generation and put the load generator's own garbage collections into the figures.
  let outstanding = 0;
  let failure: unknown;
  let allDone: () => void = () => {};
  const settled = () => void (--outstanding === 0 && allDone());
  const start = process.hrtime.bigint();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor((elapsedMs(start) / 1000) * RATE));
    for (; sent < due; sent++) {
      const t0 = process.hrtime.bigint();
      const counted = sent >= warmup;
      outstanding++;
      producer.send({ topic, messages: [message!], acks: 1 }).then(
        () => {
          if (counted) latencies.push(elapsedMs(t0));
          settled();
        },
        (error: unknown) => {
          failure ??= error;
          settled();
        },
      );
    }
    // Paced by a 1 ms timer, as a throttled load generator is: spinning on setImmediate would
    // keep one of the two cores busy and measure the contention, not the broker.
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  if (outstanding > 0) await new Promise<void>((resolve) => (allDone = resolve));
  await producer.disconnect();
  if (failure) throw failure as Error;
  return latencies.sort((a, b) => a - b);
}

export async function benchProduceConsume(): Promise<string[]> {
  const lines: string[] = [];
  const broker = await startBrokerProcess(['--default-partitions', String(PARTITIONS)]);
  const peers: BenchSystem[] = [];
  try {
    const client = new Client({ clientId: 'bench', brokers: broker.brokers, logLevel: 'error' });
    const admin = client.admin();
    await admin.connect();
    // The runs' topics, then the warm-ups'.
    const topics = Array.from({ length: 2 * RUNS }, (_, i) => `bench-${i}`);
    await admin.createTopics({ topics: [...topics, 'latency'].map((topic) => ({ topic, numPartitions: PARTITIONS })) });
    await admin.disconnect();
    for (const start of [startRedisStreams, startNatsJetStream]) {
      const peer: BenchSystem | Skipped = await start(LOAD);
      if ('skipped' in peer) lines.push(report(peer.name, 'skipped', peer.skipped));
      else peers.push(peer);
    }

    const figures = await runInterleaved([minibroker(broker, client, topics), ...peers], RUNS, RECORDS, WARM_RECORDS);
    // Stopped before the latency run, which is ours alone, so that their background work stays out of it.
    for (const peer of peers.splice(0)) await peer.stop();
    // After the runs: its 100+ MB of received chunks would otherwise be garbage in the runs' heap.
    const ceiling = median(
      await repeat(RUNS, () => tcpCeilingBytesPerSecond(RECORDS * RECORD_BYTES, PER_SEND * RECORD_BYTES)),
    );
    const produced = figures[0]!.produce.map((r) => r.recordsPerSecond);
    const consumed = figures[0]!.consume.map((r) => r.recordsPerSecond);
    const produceRate = median(produced);
    const consumeRate = median(consumed);
    const mb = (recordsPerSecond: number) => (recordsPerSecond * RECORD_BYTES) / 1e6;
    lines.push(report('tcp loopback ceiling (same bytes)', `${fmt(ceiling / 1e6, 1)} MB/s`, `median of ${RUNS}`));
    lines.push(
      report(
        'produce, 1 producer, acks=1',
        `${fmt(produceRate)} rec/s`,
        `${fmt(mb(produceRate), 1)} MB/s, ${fmt(((mb(produceRate) * 1e6) / ceiling) * 100, 1)}% of ceiling, runs ${produced.map((r) => fmt(r)).join(' / ')}`,
      ),
    );
    lines.push(
      report(
        'consume, 1 consumer',
        `${fmt(consumeRate)} rec/s`,
        `${fmt(mb(consumeRate), 1)} MB/s, ${fmt(((mb(consumeRate) * 1e6) / ceiling) * 100, 1)}% of ceiling, runs ${consumed.map((r) => fmt(r)).join(' / ')}`,
      ),
    );
    lines.push(...reportComparison(figures, RUNS * (RECORDS + WARM_RECORDS)));

    // Median of several runs, like the throughput figures: on a shared machine one stall of the
    // broker or of the load generator (a WAL restart, a full collection) decides a single run's p99.
    const runs = await repeat(RUNS, () => latencyRun(client, 'latency'));
    const p50s = runs.map((latencies) => percentile(latencies, 50));
    const p99s = runs.map((latencies) => percentile(latencies, 99));
    const max = Math.max(...runs.map((latencies) => latencies[latencies.length - 1]!));
    lines.push(
      report(
        `produce latency at ${fmt(RATE)} rec/s (${LATENCY_SECONDS} s after ${WARMUP_SECONDS} s warm-up)`,
        `p50 ${fmt(median(p50s), 2)} ms`,
        `p99 ${fmt(median(p99s), 2)} ms (median of ${RUNS}; runs ${p99s.map((p) => fmt(p, 2)).join(' / ')}), max ${fmt(max, 2)} ms`,
      ),
    );
  } finally {
    for (const peer of peers) await peer.stop();
    await broker.stop();
  }
  return lines;
}
