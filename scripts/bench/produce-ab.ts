// A/B produce throughput of two broker builds in one session: the produce part of
// produce-consume.ts (1,000,000 records of 100-byte values over 8 partitions, one producer,
// acks=1) against each build in its own process, runs interleaved A, B, A, B, … so machine
// noise falls on both alike; prints each build's median throughput and the broker's CPU time
// per record (Linux /proc), which a busy machine disturbs far less than throughput.
//   npx tsx scripts/bench/produce-ab.ts <dist-A> <dist-B>   (folders holding cli/main.js)
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from '../../client-sdk/index.js';
import { startBrokerProcess, type BrokerProcess } from './lib/broker-process.js';
import { produceLoad } from './lib/produce-load.js';
import { fmt, median, report } from './lib/stats.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PARTITIONS = 8;

const [distA, distB] = process.argv.slice(2);
if (!distA || !distB) throw new Error('usage: produce-ab.ts <dist-A> <dist-B>');

/** User plus system CPU seconds the process has used (fields 14 and 15 of /proc/<pid>/stat, in 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function start(dist: string): Promise<{ broker: BrokerProcess; client: Client }> {
  const broker = await startBrokerProcess(['--default-partitions', String(PARTITIONS)], {
    cli: join(resolve(dist), 'cli/main.js'),
  });
  return { broker, client: new Client({ clientId: 'bench-ab', brokers: broker.brokers, logLevel: 'error' }) };
}

const builds = [await start(distA), await start(distB)];
const rates: number[][] = [[], []];
const cpuPerRecord: number[][] = [[], []];
try {
  for (let run = 0; run < RUNS; run++) {
    for (const [i, { broker, client }] of builds.entries()) {
      const cpuBefore = cpuSeconds(broker.pid);
      const ms = await produceLoad(client, `ab-${run}`, { records: RECORDS, perSend: 1000, inFlight: 8 });
      rates[i]!.push((RECORDS / ms) * 1000);
      cpuPerRecord[i]!.push(((cpuSeconds(broker.pid) - cpuBefore) / RECORDS) * 1e6);
    }
  }
} finally {
  await Promise.all(builds.map(({ broker }) => broker.stop()));
}
const [a, b] = rates.map(median) as [number, number];
const [cpuA, cpuB] = cpuPerRecord.map(median) as [number, number];
const runs = (values: number[], digits = 0) => `runs ${values.map((v) => fmt(v, digits)).join(' / ')}`;
report(`A ${distA}`, `${fmt(a)} rec/s`, runs(rates[0]!));
report(`B ${distB}`, `${fmt(b)} rec/s`, runs(rates[1]!));
report('B versus A, throughput', `${fmt(((b - a) / a) * 100, 1)} %`, `median of ${RUNS} runs each`);
report('A broker CPU per record', `${fmt(cpuA, 2)} µs`, runs(cpuPerRecord[0]!, 2));
report('B broker CPU per record', `${fmt(cpuB, 2)} µs`, runs(cpuPerRecord[1]!, 2));
report('B versus A, broker CPU per record', `${fmt(((cpuB - cpuA) / cpuA) * 100, 1)} %`, `median of ${RUNS} runs each`);
