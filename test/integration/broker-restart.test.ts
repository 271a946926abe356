// Restarting on a data folder: the log start, end and size each partition had before are found
// again (after appends, retention, deleting records, a kill -9, and on a folder written by the
// schema before partition summaries), and the broker serves from them.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { decodeRecordBatches, encodeRecordBatch, setBaseOffset } from '../../protocol/record-batch.js';
import type { Broker } from '../../server/broker.js';
import { applyMigrations, migrations } from '../../server/storage/migrations.js';
import { useTempDirs } from '../helpers/temp-dirs.js';
import { useBrokerFixtures, type RawClient } from '../helpers/broker.js';
import { pollUntil } from '../helpers/poll-until.js';
import { spawnBroker } from '../helpers/run-cli.js';

const fixtures = useBrokerFixtures();
const tempDir = useTempDirs('restart');

async function produce(client: RawClient, topic: string, partition: number, values: string[]): Promise<number> {
  const records = encodeRecordBatch(values.map((value) => ({ value })));
  const r = await client.request('Produce', {
    acks: -1,
    topics: [{ name: topic, partitions: [{ partition, records }] }],
  });
  const p = r.topics[0]!.partitions[0]!;
  expect(p.errorCode).toBe(0);
  return p.baseOffset;
}

/** [log start, log end] as ListOffsets answers them. */
async function offsets(client: RawClient, topic: string, partition: number): Promise<[number, number]> {
  // One request each: a partition named twice in one ListOffsets is refused, as in Kafka.
  const [earliest, latest] = await Promise.all(
    [-2, -1].map(
      async (timestamp) =>
        (await client.request('ListOffsets', { topics: [{ name: topic, partitions: [{ partition, timestamp }] }] }))
          .topics[0]!.partitions[0]!,
    ),
  );
  expect([earliest!.errorCode, latest!.errorCode]).toEqual([0, 0]);
  return [earliest!.offset, latest!.offset];
}

async function values(client: RawClient, topic: string, partition: number, fetchOffset: number): Promise<string[]> {
  const r = await client.request('Fetch', { topics: [{ name: topic, partitions: [{ partition, fetchOffset }] }] });
  const p = r.topics[0]!.partitions[0]!;
  expect(p.errorCode).toBe(0);
  return decodeRecordBatches(p.records).map((record) => `${record.offset}:${record.value}`);
}

function state(broker: Broker, topic: string, partition: number) {
  const log = broker.services.topics.get(topic)!.partitions[partition]!;
  return { start: log.logStartOffset, end: log.logEndOffset, size: log.sizeBytes };
}

describe('restart on a data folder', () => {
  it('finds log start, end and size after appends, retention and deleted records', async () => {
    const dataDir = tempDir();
    const first = await fixtures.broker({ dataDir, retentionCheckIntervalMs: 10 });
    const client = await fixtures.client(first);
    await client.request('CreateTopics', {
      topics: [
        { name: 'kept', numPartitions: 2 },
        { name: 'trimmed', numPartitions: 1 },
        { name: 'emptied', numPartitions: 1 },
      ],
    });
    for (let i = 0; i < 3; i++) {
      await produce(client, 'kept', 0, [`a${i}`, `b${i}`]);
      await produce(client, 'trimmed', 0, [`t${i}`]);
      await produce(client, 'emptied', 0, [`e${i}`]);
    }
    await produce(client, 'kept', 1, ['only']);
    // Retention by size keeps the newest batch only; deleting records drops batches below an offset.
    const batchBytes = state(first, 'trimmed', 0).size / 3;
    await client.request('CreateTopics', {
      topics: [{ name: 'retained', numPartitions: 1, configs: { 'retention.bytes': String(Math.floor(batchBytes)) } }],
    });
    for (let i = 0; i < 3; i++) await produce(client, 'retained', 0, [`r${i}`]);
    await pollUntil(() => state(first, 'retained', 0).start === 2);
    first.services.topics.get('trimmed')!.partitions[0]!.truncateBefore(1);
    first.services.topics.get('emptied')!.partitions[0]!.truncateBefore(3); // every batch gone
    const before = Object.fromEntries(
      [
        ['kept', 0],
        ['kept', 1],
        ['trimmed', 0],
        ['emptied', 0],
        ['retained', 0],
      ].map(([t, p]) => [`${t}-${p}`, state(first, t as string, p as number)]),
    );
    expect(before).toEqual({
      'kept-0': { start: 0, end: 6, size: before['kept-0']!.size },
      'kept-1': { start: 0, end: 1, size: before['kept-1']!.size },
      'trimmed-0': { start: 1, end: 3, size: 2 * batchBytes },
      'emptied-0': { start: 3, end: 3, size: 0 },
      'retained-0': { start: 2, end: 3, size: batchBytes },
    });
    await first.close();

    const second = await fixtures.broker({ dataDir });
    const again = await fixtures.client(second);
    for (const [key, expected] of Object.entries(before)) {
      const [topic, partition] = [key.slice(0, key.lastIndexOf('-')), Number(key.slice(key.lastIndexOf('-') + 1))];
      expect({ key, ...state(second, topic, partition) }).toEqual({ key, ...expected });
      expect(await offsets(again, topic, partition)).toEqual([expected.start, expected.end]);
    }
    expect(await values(again, 'trimmed', 0, 1)).toEqual(['1:t1', '2:t2']);
    // Offsets go on from the end, never back to 0, even where no batch is left.
    expect(await produce(again, 'emptied', 0, ['next'])).toBe(3);
    expect(await values(again, 'emptied', 0, 3)).toEqual(['3:next']);
    expect(await produce(again, 'kept', 0, ['next'])).toBe(6);
  });

  it('finds what was acknowledged after the broker process is killed with SIGKILL', async () => {
    const dataDir = tempDir();
    const { cli, address } = await spawnBroker(['--data-dir', dataDir, '--http-port', 'off']);
    const { RawClient } = await import('../helpers/broker.js');
    const client = await RawClient.connectTo(address);
    try {
      await client.request('CreateTopics', { topics: [{ name: 'crash', numPartitions: 2 }] });
      for (let i = 0; i < 20; i++) await produce(client, 'crash', i % 2, [`v${i}`, `w${i}`]);
    } finally {
      client.destroy();
    }
    cli.child.kill('SIGKILL');
    expect((await cli.exited).code).toBeNull();

    const broker = await fixtures.broker({ dataDir });
    const again = await fixtures.client(broker);
    for (const partition of [0, 1]) {
      expect(await offsets(again, 'crash', partition)).toEqual([0, 20]);
      expect(state(broker, 'crash', partition).size).toBeGreaterThan(0);
      const fetched = await values(again, 'crash', partition, 0);
      expect(fetched.slice(0, 2)).toEqual([`0:v${partition}`, `1:w${partition}`]);
    }
  });

  it('migrates a data folder written before partition summaries and serves it', async () => {
    const dataDir = tempDir();
    // The schema as it was (migrations 1 and 2), with batches written the way that broker wrote them.
    const old = new Database(join(dataDir, 'minibroker.db'));
    old.pragma('journal_mode = WAL');
    applyMigrations(old, migrations.slice(0, 2));
    old.prepare("INSERT INTO topics (name, partition_count, configs, created_at) VALUES ('legacy', 2, '{}', 0)").run();
    const insert = old.prepare(
      'INSERT INTO record_batches (topic_id, partition, base_offset, last_offset, max_timestamp, size, data) VALUES (1, ?, ?, ?, ?, ?, ?)',
    );
    let bytes = 0;
    for (let i = 0; i < 5; i++) {
      const batch = encodeRecordBatch([{ value: `x${i}` }, { value: `y${i}` }], 1000 + i);
      setBaseOffset(batch, 2 + i * 2); // offsets 0..1 were deleted by retention long ago
      insert.run(0, 2 + i * 2, 3 + i * 2, 1000 + i, batch.length, batch);
      bytes += batch.length;
    }
    old.close();

    const broker = await fixtures.broker({ dataDir });
    const client = await fixtures.client(broker);
    expect(state(broker, 'legacy', 0)).toEqual({ start: 2, end: 12, size: bytes });
    expect(state(broker, 'legacy', 1)).toEqual({ start: 0, end: 0, size: 0 });
    expect(await offsets(client, 'legacy', 0)).toEqual([2, 12]);
    expect((await values(client, 'legacy', 0, 2)).slice(0, 2)).toEqual(['2:x0', '3:y0']);
    expect(await produce(client, 'legacy', 0, ['new'])).toBe(12);
    expect(await produce(client, 'legacy', 1, ['new'])).toBe(0);
    await broker.close();

    const reopened = await fixtures.broker({ dataDir });
    expect(state(reopened, 'legacy', 0)).toEqual({ start: 2, end: 13, size: state(broker, 'legacy', 0).size });
    expect(state(reopened, 'legacy', 1).end).toBe(1);
  });
});
