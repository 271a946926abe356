// Storage rows holding several batches (server/storage/batch-chunks.ts), over a real socket: the
// batches of one partition that one append flush writes share a row, and every read still works
// per batch. Fetch from inside a row, fetch limits smaller than a row, ListOffsets by timestamp,
// DeleteRecords into a row, and a restart.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { decodeRecordBatches, encodeRecordBatch } from '../../protocol/record-batch.js';
import { useBrokerFixtures, type RawClient } from '../helpers/broker.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const fixtures = useBrokerFixtures();
const tempDir = useTempDirs('chunked-rows');
const TOPIC = 'chunks';
const T0 = 1_700_000_000_000;

/** Ten batches of two records each, in ONE Produce request for partition 0: offsets 0..19, batch i at T0 + i s. */
function tenBatches(): Buffer {
  return Buffer.concat(
    Array.from({ length: 10 }, (_, i) =>
      encodeRecordBatch(
        [0, 1].map((j) => ({ key: `k${i}`, value: `v${2 * i + j}`, timestamp: T0 + i * 1000 })),
        T0 + i * 1000,
      ),
    ),
  );
}

async function produce(client: RawClient, records: Buffer): Promise<void> {
  const r = await client.request('Produce', { acks: 1, topics: [{ name: TOPIC, partitions: [{ records }] }] });
  expect(r.topics[0]!.partitions[0]!.errorCode).toBe(0);
}

/** The values a Fetch from `offset` returns, and how many batches came. */
async function fetchFrom(client: RawClient, offset: number, partitionMaxBytes = 1_000_000) {
  const r = await client.request('Fetch', {
    maxBytes: 10_000_000,
    topics: [{ name: TOPIC, partitions: [{ partition: 0, fetchOffset: offset, partitionMaxBytes }] }],
  });
  const partition = r.topics[0]!.partitions[0]!;
  expect(partition.errorCode).toBe(0);
  return decodeRecordBatches(partition.records).map((rec) => `${rec.offset}:${String(rec.value)}`);
}

async function offsetForTimestamp(client: RawClient, timestamp: number): Promise<number> {
  const r = await client.request('ListOffsets', {
    topics: [{ name: TOPIC, partitions: [{ partition: 0, timestamp }] }],
  });
  return Number(r.topics[0]!.partitions[0]!.offset);
}

function rowsIn(dataDir: string): { rows: number; batches: number } {
  const db = new Database(join(dataDir, 'minibroker.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT COUNT(*) AS rows, MAX(last_offset) + 1 AS batches FROM record_batches').get() as {
      rows: number;
      batches: number;
    };
  } finally {
    db.close();
  }
}

const expected = (from: number, to = 20) => Array.from({ length: to - from }, (_, i) => `${from + i}:v${from + i}`);

describe('rows holding several batches', () => {
  it('one flush of ten batches is one row, read back batch by batch from any offset', async () => {
    const dataDir = tempDir();
    const broker = await fixtures.broker({ dataDir });
    const client = await fixtures.client(broker);
    await produce(client, tenBatches());
    await broker.close();
    expect(rowsIn(dataDir)).toEqual({ rows: 1, batches: 20 });

    const again = await fixtures.broker({ dataDir });
    const reader = await fixtures.client(again);
    expect(await fetchFrom(reader, 0)).toEqual(expected(0));
    // From inside the row: from the batch holding the offset (the consumer skips what is below it).
    expect(await fetchFrom(reader, 7)).toEqual(expected(6));
    expect(await fetchFrom(reader, 19)).toEqual(expected(18));
  });

  it('a fetch limit smaller than the row returns whole batches, at least one, and a reader gets through', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    await produce(client, tenBatches());
    const oneBatch = encodeRecordBatch([{ value: 'v0' }, { value: 'v1' }]).length;
    expect(await fetchFrom(client, 0, 1)).toEqual(expected(0, 2));
    expect(await fetchFrom(client, 4, 2 * oneBatch + 10)).toEqual(expected(4, 8));
    // Then another row after it: a limit that ends inside the second row takes whole rows only.
    await produce(client, tenBatches());
    const read: string[] = [];
    for (let offset = 0; offset < 40;) {
      const got = await fetchFrom(client, offset, 3 * oneBatch + 10);
      expect(got.length).toBeGreaterThan(0);
      read.push(...got);
      offset = Number(got.at(-1)!.split(':')[0]) + 1;
    }
    expect(read).toEqual([...expected(0), ...expected(0).map((v, i) => `${20 + i}:${v.split(':')[1]}`)]);
  });

  it('ListOffsets by timestamp finds the record inside the row', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    await produce(client, tenBatches());
    expect(await offsetForTimestamp(client, T0)).toBe(0);
    expect(await offsetForTimestamp(client, T0 + 4500)).toBe(10);
    expect(await offsetForTimestamp(client, T0 + 9000)).toBe(18);
    expect(await offsetForTimestamp(client, T0 + 9001)).toBe(20);
  });

  it('DeleteRecords into a row hides what is below the new start; the row stays until wholly below it', async () => {
    const dataDir = tempDir();
    const broker = await fixtures.broker({ dataDir });
    const client = await fixtures.client(broker);
    await produce(client, tenBatches());
    const r = await client.request('DeleteRecords', {
      topics: [{ name: TOPIC, partitions: [{ partition: 0, offset: 9 }] }],
    });
    expect(r.topics[0]!.partitions[0]!.errorCode).toBe(0);
    expect(await fetchFrom(client, 9)).toEqual(expected(8));
    const below = await client.request('Fetch', {
      maxBytes: 1_000_000,
      topics: [{ name: TOPIC, partitions: [{ partition: 0, fetchOffset: 3, partitionMaxBytes: 1_000_000 }] }],
    });
    expect(below.topics[0]!.partitions[0]!.errorCode).not.toBe(0);
    expect(await offsetForTimestamp(client, T0)).toBe(9);
    await broker.close();
    expect(rowsIn(dataDir).rows).toBe(1);
  });
});
