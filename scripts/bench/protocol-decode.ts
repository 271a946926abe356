// Issue 10's codec benchmark: decoding Produce and Fetch bodies is on the hot path, so the
// codec's int64 and string handling must not slow it. Pure CPU, no broker: decodes of a
// Produce request and a Fetch response (10 topics x 10 partitions, 1 KiB of records each) and
// of a Fetch request, median of RUNS runs.
import { decodeBody, encodeBody } from '../../protocol/envelope.js';
import { fmt, median, report } from './lib/stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const DECODES = Number(process.env.BENCH_DECODES ?? 20_000);
const records = new Uint8Array(1024).fill(7);
const names = Array.from({ length: 10 }, (_, i) => `topic-${i}`);
const partitions = Array.from({ length: 10 }, (_, i) => i);

const bodies: [typeName: string, bytes: Uint8Array][] = [
  [
    'ProduceRequest',
    encodeBody('ProduceRequest', {
      acks: -1,
      timeoutMs: 30_000,
      topics: names.map((name) => ({ name, partitions: partitions.map((partition) => ({ partition, records })) })),
    }),
  ],
  [
    'FetchRequest',
    encodeBody('FetchRequest', {
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 52_428_800,
      topics: names.map((name) => ({
        name,
        partitions: partitions.map((partition) => ({
          partition,
          fetchOffset: 1_000_000 + partition,
          partitionMaxBytes: 1_048_576,
        })),
      })),
    }),
  ],
  [
    'FetchResponse',
    encodeBody('FetchResponse', {
      errorCode: 0,
      topics: names.map((name) => ({
        name,
        partitions: partitions.map((partition) => ({
          partition,
          errorCode: 0,
          highWatermark: 2_000_000,
          logStartOffset: 0,
          records,
        })),
      })),
    }),
  ],
];

/** Decodes per CPU second for one body, median of RUNS runs. */
function decodesPerSecond(typeName: string, bytes: Uint8Array): number {
  const buffer = Buffer.from(bytes);
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // CPU time, not wall time: other processes on a shared machine then skew the figure less.
    const start = process.cpuUsage();
    for (let i = 0; i < DECODES; i++) decodeBody(typeName, buffer);
    const used = process.cpuUsage(start);
    rates.push(DECODES / ((used.user + used.system) / 1e6));
  }
  return median(rates);
}

export function benchProtocolDecode(): void {
  for (const [typeName, bytes] of bodies) decodesPerSecond(typeName, bytes); // warm-up
  for (const [typeName, bytes] of bodies) {
    report(
      `decode ${typeName} (${fmt(bytes.length)} B)`,
      `${fmt(decodesPerSecond(typeName, bytes))} /CPU-s`,
      `median of ${RUNS}`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) benchProtocolDecode();
