// A large Fetch is read in steps with a turn of the event loop between them: a request from
// another client that arrives meanwhile is answered before the large response is complete,
// instead of waiting for the whole read (checked by the order the broker handles them, not by
// time). Its stored batches go to the socket as they are, not copied into one frame buffer.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { READ_STEP_BYTES } from '../../server/core/read-pacer.js';
import { encodeRecordBatch } from '../../protocol/record-batch.js';
import type { RequestInterceptor } from '../../server/network/request-interceptor.js';
import { useBrokerFixtures } from '../helpers/broker.js';

const fixtures = useBrokerFixtures();
const originalWrite = net.Socket.prototype.write;
afterEach(() => {
  net.Socket.prototype.write = originalWrite;
});

const BATCH_VALUE_BYTES = 64 * 1024;
const STORED_BYTES = 4 * READ_STEP_BYTES;

describe('a large Fetch', () => {
  it('lets another client be answered between its reads', async () => {
    const events: string[] = [];
    let watching = false;
    const record: RequestInterceptor = (call, next) => {
      if (!watching) return next();
      events.push(`${call.api} start`);
      return next().finally(() => events.push(`${call.api} end`));
    };
    const broker = await fixtures.broker({ requestInterceptor: record });
    const big = await fixtures.client(broker);
    const other = await fixtures.client(broker);
    await big.request('CreateTopics', { topics: [{ name: 'big', numPartitions: 1, configs: {} }] });
    for (let stored = 0, i = 0; stored < STORED_BYTES; stored += BATCH_VALUE_BYTES, i++) {
      const records = encodeRecordBatch([{ value: Buffer.alloc(BATCH_VALUE_BYTES, i) }]);
      await big.request('Produce', { acks: 1, topics: [{ name: 'big', partitions: [{ partition: 0, records }] }] });
    }
    await other.request('Metadata', { topics: ['big'] });

    watching = true;
    // Both requests are in the broker's socket buffers before it next reads them.
    const fetched = big.request('Fetch', {
      maxBytes: 2 * STORED_BYTES,
      topics: [{ name: 'big', partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 2 * STORED_BYTES }] }],
    });
    const metadata = other.request('Metadata', { topics: ['big'] });
    const [fetchResponse] = await Promise.all([fetched, metadata]);

    const records = fetchResponse.topics[0]!.partitions[0]!.records;
    expect(records.length).toBeGreaterThan(STORED_BYTES);
    expect(events.indexOf('Fetch start')).toBe(0);
    expect(events.indexOf('Metadata end')).toBeLessThan(events.indexOf('Fetch end'));
  });

  it('hands the stored batches to the socket by reference, each its own chunk', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    await client.request('CreateTopics', { topics: [{ name: 'big', numPartitions: 1, configs: {} }] });
    const stored: Buffer[] = [];
    for (let i = 0; i < 4; i++) {
      const records = encodeRecordBatch([{ value: Buffer.alloc(BATCH_VALUE_BYTES, i) }]);
      stored.push(records);
      await client.request('Produce', { acks: 1, topics: [{ name: 'big', partitions: [{ partition: 0, records }] }] });
    }
    // Every chunk written to any socket in this process (the broker's and the test client's).
    const written: number[] = [];
    net.Socket.prototype.write = function (this: net.Socket, chunk: unknown, ...rest: unknown[]) {
      if (chunk instanceof Uint8Array) written.push(chunk.length);
      return (originalWrite as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    };

    const fetched = await client.request('Fetch', {
      maxBytes: 1 << 20,
      topics: [{ name: 'big', partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 20 }] }],
    });
    expect(Buffer.from(fetched.topics[0]!.partitions[0]!.records).length).toBe(
      stored.reduce((n, b) => n + b.length, 0),
    );
    // Four batch-sized chunks; no chunk holds two batches' worth (a copy into one frame would).
    expect(written.filter((n) => n === stored[0]!.length)).toHaveLength(4);
    expect(Math.max(...written)).toBeLessThan(2 * BATCH_VALUE_BYTES);
  });
});
