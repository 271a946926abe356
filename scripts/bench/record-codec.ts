// The SDK's per-record work, pure CPU, no broker (issue 12): encoding a producer batch and
// decoding a fetched one into KafkaJS-shaped messages, for the produce-consume benchmark's record
// (16-character key, 100-byte value, no headers), 125 records a batch. Median of RUNS runs.
//   npx tsx scripts/bench/record-codec.ts
// BENCH_COMPARE=<another checkout> runs that checkout's protocol/ code too, interleaved with this
// one's, for a before/after figure from the same run.
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { scanUsableBatches } from '../../protocol/record-batch.js';
import * as ours from '../../protocol/record-encode.js';
import * as oursRead from '../../protocol/record-read.js';
import { fmt, median, report } from './lib/stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const BATCHES = 400;
const PER_BATCH = 125;

interface Codec {
  name: string;
  encode: typeof ours.encodeRecordBatch;
  read: typeof oursRead.readBatchRecords;
}

const value = randomBytes(100);
const records = Array.from({ length: PER_BATCH }, (_, i) => ({
  key: randomBytes(8).toString('hex'),
  value,
  timestamp: 1_700_000_000_000 + (i >> 4),
}));
const fetched = scanUsableBatches(
  Buffer.concat(Array.from({ length: 64 }, () => ours.encodeRecordBatch(records))),
).batches;
// What the consumer makes of a record (client-sdk/consumer/batch.ts), minus its timestamp cache.
const message = (offset: number, timestamp: number, key: Buffer | null, val: Buffer | null, headers: object) => ({
  offset: String(offset),
  key,
  value: val,
  headers,
  timestamp: String(timestamp),
  attributes: 0,
});

function encodeNs(codec: Codec): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < BATCHES; i++) codec.encode(records, 1_700_000_000_000);
  return Number(process.hrtime.bigint() - start) / (BATCHES * PER_BATCH);
}

function decodeNs(codec: Codec): number {
  const start = process.hrtime.bigint();
  let count = 0;
  for (let i = 0; i < BATCHES / 64; i++) {
    const out: unknown[] = [];
    for (const batch of fetched) codec.read(batch, 0, message, out);
    count += out.length;
  }
  return Number(process.hrtime.bigint() - start) / count;
}

async function codecs(): Promise<Codec[]> {
  const list: Codec[] = [{ name: 'this checkout', encode: ours.encodeRecordBatch, read: oursRead.readBatchRecords }];
  const other = process.env.BENCH_COMPARE;
  if (other) {
    const load = (file: string): Promise<unknown> => import(pathToFileURL(resolve(other, 'protocol', file)).href);
    const encode = (await load('record-encode.ts')) as typeof ours;
    const read = (await load('record-read.ts')) as typeof oursRead;
    list.push({ name: other, encode: encode.encodeRecordBatch, read: read.readBatchRecords });
  }
  return list;
}

export async function benchRecordCodec(): Promise<string[]> {
  const list = await codecs();
  const results = list.map(() => ({ encode: [] as number[], decode: [] as number[] }));
  for (let run = -2; run < RUNS; run++) {
    list.forEach((codec, i) => {
      const encode = encodeNs(codec);
      const decode = decodeNs(codec);
      if (run < 0) return; // the first two runs warm up
      results[i]!.encode.push(encode);
      results[i]!.decode.push(decode);
    });
  }
  const lines: string[] = [];
  list.forEach((codec, i) => {
    const prefix = list.length > 1 ? `${codec.name}: ` : '';
    lines.push(
      report(
        `${prefix}encode a producer batch`,
        `${fmt(median(results[i]!.encode), 1)} ns/record`,
        `median of ${RUNS}`,
      ),
    );
    lines.push(
      report(
        `${prefix}decode a fetched batch to messages`,
        `${fmt(median(results[i]!.decode), 1)} ns/record`,
        `median of ${RUNS}`,
      ),
    );
  });
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchRecordCodec();
