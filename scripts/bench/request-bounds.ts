// Issue 9's request-content bounds: what the element pre-scan costs on ordinary requests (decode
// with and without it, same run), and what a hostile request of millions of empty repeated
// entries costs a broker with the bound and without it.
import { decodeBody, encodeBody } from '../../protocol/envelope.js';
import { encodeRecordBatch } from '../../protocol/record-batch.js';
import { startBroker } from '../../server/index.js';
import { RawClient } from '../../test/helpers/broker.js';
import { elapsedMs, fmt, median, repeat, report } from './lib/stats.js';

const RUNS = Number(process.env.BENCH_BOUNDS_RUNS ?? 15);
const UNBOUNDED = 2 ** 31 - 1;

const batch = (bytes: number) =>
  encodeRecordBatch(
    Array.from({ length: Math.max(1, bytes >> 7) }, (_, i) => ({ key: `k${i}`, value: Buffer.alloc(100, i) })),
  );

const typical: { label: string; type: string; body: Uint8Array; iterations: number }[] = [
  {
    label: 'Produce, 1 partition, 16 KiB batch',
    type: 'ProduceRequest',
    body: encodeBody('ProduceRequest', {
      acks: -1,
      topics: [{ name: 'orders', partitions: [{ partition: 0, records: batch(16_384) }] }],
    }),
    iterations: 20_000,
  },
  {
    label: 'Produce, 10 topics x 10 partitions, 1 KiB each',
    type: 'ProduceRequest',
    iterations: 5_000,
    body: encodeBody('ProduceRequest', {
      acks: -1,
      topics: Array.from({ length: 10 }, (_, t) => ({
        name: `topic-${t}`,
        partitions: Array.from({ length: 10 }, (_, partition) => ({ partition, records: batch(1024) })),
      })),
    }),
  },
  {
    label: 'Fetch, 100 partitions',
    type: 'FetchRequest',
    iterations: 5_000,
    body: encodeBody('FetchRequest', {
      maxWaitMs: 500,
      minBytes: 1,
      topics: [
        {
          name: 'orders',
          partitions: Array.from({ length: 100 }, (_, partition) => ({ partition, fetchOffset: 123_456 })),
        },
      ],
    }),
  },
];

/** Microseconds per decode: median over RUNS of `iterations` decodes. */
async function decodeMicros(
  type: string,
  body: Uint8Array,
  iterations: number,
  maxElements: number | undefined,
): Promise<number> {
  const runs = await repeat(RUNS, async () => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) decodeBody(type, body, maxElements);
    return (elapsedMs(start) * 1000) / iterations;
  });
  return median(runs);
}

function emptyFetchTopics(n: number): Buffer {
  const bytes = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) bytes[2 * i] = 0x22;
  return bytes;
}

/** One hostile Fetch over a real socket: time to its answer, RSS growth, and whether the connection still serves. */
async function hostileFetch(entries: number, maxRequestElements: number | undefined) {
  const broker = await startBroker({ port: 0, ...(maxRequestElements !== undefined ? { maxRequestElements } : {}) });
  const client = await RawClient.connect(broker.port, broker.host);
  try {
    const body = emptyFetchTopics(entries);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const start = process.hrtime.bigint();
    const answer = await client.send(1, 0, body);
    const ms = elapsedMs(start);
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    const served = (await client.request('ApiVersions', {})).errorCode === 0;
    return { ms, rssGrowthMb: rssGrowth / 2 ** 20, errorCode: answer.errorCode, served };
  } finally {
    client.destroy();
    await broker.close();
  }
}

export async function benchRequestBounds(): Promise<string[]> {
  const lines: string[] = [];
  for (const { label, type, body, iterations } of typical) {
    const plain = await decodeMicros(type, body, iterations, undefined);
    const checked = await decodeMicros(type, body, iterations, 200_000);
    lines.push(
      report(
        `decode ${label}`,
        `${fmt(checked, 2)} µs`,
        `without the element check ${fmt(plain, 2)} µs: ratio ${fmt(checked / plain, 3)} (median of ${RUNS})`,
      ),
    );
  }
  const bounded = await hostileFetch(8_000_000, undefined);
  lines.push(
    report(
      '16 MB Fetch of 8M empty topics, bounded',
      `${fmt(bounded.ms, 1)} ms`,
      `error ${bounded.errorCode}, RSS +${fmt(bounded.rssGrowthMb, 0)} MiB, connection serves after: ${bounded.served}`,
    ),
  );
  const unbounded = await hostileFetch(1_000_000, UNBOUNDED);
  lines.push(
    report(
      '2 MB Fetch of 1M empty topics, unbounded',
      `${fmt(unbounded.ms, 0)} ms`,
      `error ${unbounded.errorCode}, RSS +${fmt(unbounded.rssGrowthMb, 0)} MiB (what the bound prevents, at 1/8 of the size)`,
    ),
  );
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchRequestBounds();
