import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeRecordBatches, encodeRecordBatch } from '../../protocol/record-batch.js';
import { useBrokerFixtures } from '../helpers/broker.js';
import { pollUntil } from '../helpers/poll-until.js';

const fixtures = useBrokerFixtures();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('broker persistence', () => {
  it('keeps records, offsets and topics across close() and a new broker on the same data dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'minibroker-test-'));
    dirs.push(dataDir);
    const first = await fixtures.broker({ dataDir, checkpointIntervalMs: 10 });
    expect(first.config.memory).toBe(false);
    const client = await fixtures.client(first);
    await client.request('CreateTopics', {
      topics: [{ name: 'keep', numPartitions: 2, configs: { 'retention.bytes': '1000000' } }],
    });
    for (let i = 0; i < 5; i++) {
      for (const partition of [0, 1]) {
        const records = encodeRecordBatch([
          { key: `k${i}`, value: `p${partition}-v${i}` },
          { value: `p${partition}-w${i}` },
        ]);
        const r = await client.request('Produce', {
          acks: i % 2 ? -1 : 1,
          topics: [{ name: 'keep', partitions: [{ partition, records }] }],
        });
        expect(r.topics[0]!.partitions[0]).toMatchObject({ errorCode: 0, baseOffset: i * 2 });
      }
    }
    await first.close();
    await first.close(); // idempotent
    expect(readdirSync(dataDir)).toContain('minibroker.db');
    const wal = join(dataDir, 'minibroker.db-wal');
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0); // checkpointed and truncated on close

    const second = await fixtures.broker({ dataDir });
    const again = await fixtures.client(second);
    const meta = await again.request('Metadata', { topics: ['keep'] });
    expect(meta.topics[0]!.partitions).toHaveLength(2);
    for (const partition of [0, 1]) {
      const fetched = await again.request('Fetch', {
        topics: [{ name: 'keep', partitions: [{ partition, fetchOffset: 0 }] }],
      });
      const p = fetched.topics[0]!.partitions[0]!;
      expect(p.highWatermark).toBe(10);
      const values = decodeRecordBatches(p.records).map((r) => `${r.offset}:${r.value}`);
      expect(values).toEqual(
        Array.from({ length: 5 }, (_, i) => [
          `${i * 2}:p${partition}-v${i}`,
          `${i * 2 + 1}:p${partition}-w${i}`,
        ]).flat(),
      );
    }
    const next = await again.request('Produce', {
      topics: [{ name: 'keep', partitions: [{ partition: 0, records: encodeRecordBatch([{ value: 'after' }]) }] }],
    });
    expect(next.topics[0]!.partitions[0]!.baseOffset).toBe(10);
  });

  it('is in memory by default and keeps nothing', async () => {
    const broker = await fixtures.broker();
    expect(broker.config.memory).toBe(true);
    expect(broker.brokers).toEqual([`127.0.0.1:${broker.port}`]);
    expect(broker.port).toBeGreaterThan(0);
  });

  it('closes with requests in flight and parked fetches answered', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    await client.request('CreateTopics', { topics: [{ name: 'p', numPartitions: 1, configs: {} }] });
    const parked = client.request('Fetch', {
      maxWaitMs: 60_000,
      minBytes: 1,
      topics: [{ name: 'p', partitions: [{ partition: 0, fetchOffset: 0 }] }],
    });
    await pollUntil(() => broker.services.fetcher.parked === 1);
    const closing = broker.close();
    const response = await parked;
    expect(response.topics[0]!.partitions[0]!.errorCode).toBe(0);
    await closing;
    await client.closed;
  });
});
