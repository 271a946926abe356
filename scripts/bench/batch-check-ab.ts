// A/B of the broker's produce-time batch check (inspectBatches: length, CRC-32C and, since
// issue 9, every record) in two builds, in one process: nanoseconds per record for a batch shaped
// like the produce benchmark's (125 records of 100-byte values, 16-character keys), CPU time per
// round, rounds interleaved.
//   npx tsx scripts/bench/batch-check-ab.ts <dist-A> <dist-B>   (folders holding protocol/record-batch.js)
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fmt, median, report } from './lib/stats.js';

type Inspect = (bytes: Uint8Array, maxBatchBytes: number) => unknown;
interface RecordBatchModule {
  inspectBatches: Inspect;
  encodeRecordBatch: (records: { key: string; value: Buffer }[]) => Buffer;
}
const RECORDS = 125;
const ITERATIONS = 5_000;
// Many short rounds: the fastest is the cost with the least interference from other processes.
const ROUNDS = 31;

const dists = process.argv.slice(2, 4);
if (dists.length !== 2) throw new Error('usage: batch-check-ab.ts <dist-A> <dist-B>');
const modules = await Promise.all(
  dists.map(
    (d) => import(pathToFileURL(join(resolve(d), 'protocol/record-batch.js')).href) as Promise<RecordBatchModule>,
  ),
);
const inspects = modules.map((m) => m.inspectBatches);
const value = randomBytes(100);
const batch = modules[1]!.encodeRecordBatch(
  Array.from({ length: RECORDS }, () => ({ key: randomBytes(8).toString('hex'), value })),
);

/** CPU time, not wall time: on a machine shared with other work the process is often descheduled. */
function nsPerRecord(inspect: Inspect): number {
  const start = process.cpuUsage();
  for (let i = 0; i < ITERATIONS; i++) inspect(batch, 1 << 20);
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / ITERATIONS / RECORDS;
}

const results: number[][] = [[], []];
for (let round = 0; round < ROUNDS; round++) inspects.forEach((inspect, i) => results[i]!.push(nsPerRecord(inspect)));
const [a, b] = results.map((r) => Math.min(...r)) as [number, number];
const [medianA, medianB] = results.map(median) as [number, number];
report(
  `A ${dists[0]}`,
  `${fmt(a, 1)} ns/record`,
  `fastest of ${ROUNDS} rounds (median ${fmt(medianA, 1)}); batch of ${RECORDS} records, ${batch.length} bytes`,
);
report(
  `B ${dists[1]}`,
  `${fmt(b, 1)} ns/record`,
  `fastest of ${ROUNDS} rounds (median ${fmt(medianB, 1)}); B - A = ${fmt(b - a, 1)} ns per record`,
);
