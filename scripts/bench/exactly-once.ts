// Exactly-once costs (issue 11), against the built broker in its own process:
//   - idempotent versus plain produce, both acks=-1, runs interleaved in the same session;
//   - transactions of 100 and of 1,000 records: records/s and commit latency p50/p99;
//   - read_committed versus read_uncommitted consume of the same transactional topic.
// BENCH_EOS_RECORDS (default 200,000) and BENCH_EOS_RUNS (default 3) scale it;
// BENCH_EOS_PRODUCE_ONLY=1 stops after the idempotent/plain comparison.
import { readFileSync } from 'node:fs';
import type { Client } from '../../client-sdk/index.js';
import { Client as SdkClient } from '../../client-sdk/index.js';
import { consumeLoad } from './lib/consume-load.js';
import { startBrokerProcess } from './lib/broker-process.js';
import { benchMessages } from './lib/produce-load.js';
import { elapsedMs, fmt, median, percentile, report } from './lib/stats.js';

const RECORDS = Number(process.env.BENCH_EOS_RECORDS ?? 200_000);
const RUNS = Number(process.env.BENCH_EOS_RUNS ?? 3);
const PARTITIONS = 8;
const PER_SEND = 1000;
const IN_FLIGHT = 8;

/** User plus system CPU seconds a process has used (Linux /proc; a busy machine disturbs it far less than throughput). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** records/s of one producer sending RECORDS in sends of PER_SEND, IN_FLIGHT at a time, acks=-1. */
async function produceRate(client: Client, topic: string, idempotent: boolean): Promise<number> {
  const producer = client.producer({ lingerMs: 0, idempotent });
  await producer.connect();
  const messages = benchMessages(PER_SEND);
  const start = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < RECORDS) {
      next += PER_SEND;
      await producer.send({ topic, messages, acks: -1 });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const ms = elapsedMs(start);
  await producer.disconnect();
  return (RECORDS / ms) * 1000;
}

/** Transactions of `size` records (keys spread over the partitions): records/s and each commit's ms. */
async function transactionRun(
  client: Client,
  topic: string,
  size: number,
  id: string,
): Promise<{ rate: number; commits: number[] }> {
  const producer = client.producer({ transactionalId: id, lingerMs: 0 });
  await producer.connect();
  const messages = benchMessages(size);
  const commits: number[] = [];
  const transactions = Math.max(1, Math.floor(RECORDS / size));
  const start = process.hrtime.bigint();
  for (let i = 0; i < transactions; i++) {
    const txn = await producer.transaction();
    await txn.send({ topic, messages });
    const commitStart = process.hrtime.bigint();
    await txn.commit();
    commits.push(elapsedMs(commitStart));
  }
  const ms = elapsedMs(start);
  await producer.disconnect();
  return { rate: ((transactions * size) / ms) * 1000, commits };
}

/** records/s of one consumer reading the whole topic at the given isolation level. */
const consumeRate = (client: Client, topic: string, total: number, readUncommitted: boolean) =>
  consumeLoad(client, topic, total, PARTITIONS, { readUncommitted });

export async function benchExactlyOnce(): Promise<void> {
  const broker = await startBrokerProcess(['--default-partitions', String(PARTITIONS)]);
  const client = new SdkClient({ clientId: 'bench-eos', brokers: broker.brokers, logLevel: 'error' });
  try {
    // Warm-up (not counted): connections, JIT, SQLite caches.
    await produceRate(client, 'eos-warm-a', false);
    await produceRate(client, 'eos-warm-b', true);
    const plain: number[] = [];
    const idempotent: number[] = [];
    const cpu: [number[], number[]] = [[], []];
    for (let run = 0; run < RUNS; run++) {
      // Interleaved, alternating which goes first, so machine noise falls on both alike.
      const order = run % 2 === 0 ? [false, true] : [true, false];
      for (const idem of order) {
        const before = cpuSeconds(broker.pid);
        (idem ? idempotent : plain).push(await produceRate(client, `eos-p-${run}-${idem}`, idem));
        cpu[idem ? 1 : 0].push(((cpuSeconds(broker.pid) - before) / RECORDS) * 1e6);
      }
    }
    const runs = (values: number[]) => `runs ${values.map((v) => fmt(v)).join(' / ')}`;
    const [p, i] = [median(plain), median(idempotent)];
    report('produce, plain, acks=-1', `${fmt(p)} rec/s`, runs(plain));
    report('produce, idempotent, acks=-1', `${fmt(i)} rec/s`, runs(idempotent));
    report('idempotent versus plain', `${fmt(((i - p) / p) * 100, 1)} %`, `median of ${RUNS} runs each, same session`);
    const [cpuPlain, cpuIdem] = [median(cpu[0]), median(cpu[1])];
    report(
      'broker CPU per record, plain',
      `${fmt(cpuPlain, 2)} µs`,
      `runs ${cpu[0].map((v) => fmt(v, 2)).join(' / ')}`,
    );
    report(
      'broker CPU per record, idempotent',
      `${fmt(cpuIdem, 2)} µs`,
      `runs ${cpu[1].map((v) => fmt(v, 2)).join(' / ')}`,
    );
    report('idempotent versus plain, broker CPU', `${fmt(((cpuIdem - cpuPlain) / cpuPlain) * 100, 1)} %`);
    if (process.env.BENCH_EOS_PRODUCE_ONLY) return;

    for (const size of [100, 1000]) {
      const results = [];
      for (let run = 0; run < RUNS; run++)
        results.push(await transactionRun(client, `eos-t${size}-${run}`, size, `bench-tx-${size}-${run}`));
      const commits = results.flatMap((r) => r.commits).sort((a, b) => a - b);
      report(
        `transactions of ${fmt(size)} records`,
        `${fmt(median(results.map((r) => r.rate)))} rec/s`,
        `commit p50 ${fmt(percentile(commits, 50), 2)} ms, p99 ${fmt(percentile(commits, 99), 2)} ms, ${runs(results.map((r) => r.rate))}`,
      );
    }

    // One transactional topic (transactions of 1,000), read whole at both isolation levels, interleaved.
    const total = (await transactionRun(client, 'eos-read', 1000, 'bench-tx-read')).commits.length * 1000;
    await consumeRate(client, 'eos-read', total, true); // warm-up, not counted
    const committed: number[] = [];
    const uncommitted: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const order = run % 2 === 0 ? [false, true] : [true, false];
      for (const readUncommitted of order)
        (readUncommitted ? uncommitted : committed).push(await consumeRate(client, 'eos-read', total, readUncommitted));
    }
    const [c, u] = [median(committed), median(uncommitted)];
    report('consume, read_uncommitted', `${fmt(u)} rec/s`, runs(uncommitted));
    report('consume, read_committed', `${fmt(c)} rec/s`, runs(committed));
    report('read_committed versus read_uncommitted', `${fmt(((c - u) / u) * 100, 1)} %`, `median of ${RUNS} runs each`);
  } finally {
    await broker.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchExactlyOnce();
