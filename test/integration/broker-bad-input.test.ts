import { describe, expect, it } from 'vitest';
import { Api } from '../../protocol/apis.js';
import { encodeBody } from '../../protocol/envelope.js';
import { ErrorCode } from '../../protocol/errors.js';
import { encodeRecordBatch } from '../../protocol/record-batch.js';
import { RawClient, useBrokerFixtures } from '../helpers/broker.js';

const fixtures = useBrokerFixtures();
const batch = (values: string[]) => encodeRecordBatch(values.map((value) => ({ value })));

async function logEnd(client: RawClient, topic: string, partition = 0) {
  const r = await client.request('ListOffsets', {
    topics: [{ name: topic, partitions: [{ partition, timestamp: -1 }] }],
  });
  return r.topics[0]!.partitions[0]!;
}

async function produceRaw(client: RawClient, topic: string, partition: number, records: Uint8Array) {
  const r = await client.request('Produce', { topics: [{ name: topic, partitions: [{ partition, records }] }] });
  return r.topics[0]!.partitions[0]!;
}

describe('broker bad input', () => {
  it('answers a frame over the maximum with a notice, closes that connection only', async () => {
    const broker = await fixtures.broker({ maxFrameBytes: 4096 });
    const bad = await fixtures.client(broker);
    const good = await fixtures.client(broker);
    const header = Buffer.alloc(8);
    header.writeUInt32BE(10_000, 0);
    const notice = bad.expect(0);
    bad.write(header);
    expect(await notice).toMatchObject({ correlationId: 0, errorCode: ErrorCode.INVALID_REQUEST });
    expect((await notice).errorMessage).toMatch(/10000 bytes exceeds the maximum of 4096/);
    await bad.closed;
    expect((await good.request('ApiVersions', {})).errorCode).toBe(0);
    const again = await fixtures.client(broker);
    expect((await again.request('Metadata', { allTopics: true })).brokers[0]!.port).toBe(broker.port);
  });

  it('answers an unknown API key or version with UNSUPPORTED_VERSION on its correlation id', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    expect(await client.send(999, 0, new Uint8Array(), 41)).toMatchObject({
      correlationId: 41,
      errorCode: ErrorCode.UNSUPPORTED_VERSION,
    });
    expect(await client.send(Api.Metadata.key, 7, new Uint8Array(), 42)).toMatchObject({
      correlationId: 42,
      errorCode: ErrorCode.UNSUPPORTED_VERSION,
    });
    expect(await client.send(Api.Metadata.key, -1, new Uint8Array(), 43)).toMatchObject({
      errorCode: ErrorCode.UNSUPPORTED_VERSION,
    });
    expect((await client.request('ApiVersions', {})).errorCode).toBe(0);
  });

  it('answers a malformed body with INVALID_REQUEST and stores nothing', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    const good = encodeBody(Api.Produce.request, {
      topics: [{ name: 'm', partitions: [{ partition: 0, records: batch(['x']) }] }],
    });
    const truncated = good.subarray(0, good.length - 5);
    const response = await client.send(Api.Produce.key, 0, truncated);
    expect(response.errorCode).toBe(ErrorCode.INVALID_REQUEST);
    expect(response.errorMessage).toMatch(/malformed ProduceRequest/);
    expect((await client.request('Metadata', { topics: ['m'] })).topics[0]!.errorCode).toBe(
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    );
  });

  it('closes the connection after an undecodable envelope', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    const frame = Buffer.from([0, 0, 0, 3, 0x0a, 0xff, 0xff]);
    client.write(frame);
    await client.closed;
    expect(client.notices[0]).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST });
  });

  it('refuses invalid topic names with INVALID_TOPIC_EXCEPTION', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    for (const name of ['', '..', 'has space', 'x'.repeat(250), 'ünïcode']) {
      expect((await produceRaw(client, name, 0, batch(['x']))).errorCode).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
      expect(
        (await client.request('Metadata', { topics: [name], allowAutoTopicCreation: true })).topics[0]!.errorCode,
      ).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    }
    expect((await client.request('Metadata', { allTopics: true })).topics).toEqual([]);
  });

  it('answers unknown or negative partitions with UNKNOWN_TOPIC_OR_PARTITION', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    await client.request('CreateTopics', { topics: [{ name: 't', numPartitions: 2, configs: {} }] });
    for (const partition of [2, -1, 2 ** 31 - 1]) {
      expect((await produceRaw(client, 't', partition, batch(['x']))).errorCode).toBe(
        ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      );
      const fetched = await client.request('Fetch', {
        topics: [{ name: 't', partitions: [{ partition, fetchOffset: 0 }] }],
      });
      expect(fetched.topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      expect((await logEnd(client, 't', partition)).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    }
  });

  it('answers a fetch beyond the log end or at a negative offset with OFFSET_OUT_OF_RANGE, at once', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    await produceRaw(client, 'r', 0, batch(['a', 'b']));
    for (const fetchOffset of [3, -1, 2 ** 53]) {
      const fetched = await client.request('Fetch', {
        maxWaitMs: 60_000,
        minBytes: 1,
        topics: [{ name: 'r', partitions: [{ partition: 0, fetchOffset }] }],
      });
      expect(fetched.topics[0]!.partitions[0]).toMatchObject({
        errorCode: ErrorCode.OFFSET_OUT_OF_RANGE,
        highWatermark: 2,
        logStartOffset: 0,
      });
    }
  });

  it('refuses a batch over maxBatchBytes with MESSAGE_TOO_LARGE', async () => {
    const broker = await fixtures.broker({ maxBatchBytes: 1000 });
    const client = await fixtures.client(broker);
    expect((await produceRaw(client, 'big', 0, batch(['x'.repeat(2000)]))).errorCode).toBe(ErrorCode.MESSAGE_TOO_LARGE);
    expect((await logEnd(client, 'big')).offset).toBe(0);
  });

  it('refuses batches with a bad checksum, count or length with CORRUPT_MESSAGE, storing nothing', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    const badCrc = batch(['a', 'b']);
    badCrc[badCrc.length - 1]! ^= 1;
    const badCount = batch(['a', 'b']);
    badCount.writeInt32BE(3, 57); // the CRC covers the count, so fix the CRC to isolate the count check
    const { crc32c } = await import('../../protocol/crc32c.js');
    badCount.writeUInt32BE(crc32c(badCount, 21, badCount.length), 17);
    const truncated = batch(['a']).subarray(0, 40);
    for (const records of [badCrc, badCount, truncated, Buffer.concat([batch(['ok']), badCrc]), new Uint8Array()]) {
      expect((await produceRaw(client, 'c', 0, records)).errorCode).toBe(ErrorCode.CORRUPT_MESSAGE);
    }
    expect((await logEnd(client, 'c')).offset).toBe(0);
    expect((await produceRaw(client, 'c', 0, batch(['fine']))).baseOffset).toBe(0);
  });

  it('survives absurd fetch limits and list-offsets timestamps', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    await produceRaw(client, 'l', 0, batch(['a']));
    const fetched = await client.request('Fetch', {
      maxBytes: -5,
      minBytes: -1,
      maxWaitMs: -100,
      topics: [{ name: 'l', partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 2 ** 31 - 1 }] }],
    });
    expect(fetched.topics[0]!.partitions[0]!.errorCode).toBe(0);
    expect(fetched.topics[0]!.partitions[0]!.records.length).toBeGreaterThan(0);
    const listed = await client.request('ListOffsets', {
      topics: [{ name: 'l', partitions: [{ partition: 0, timestamp: -7 }] }],
    });
    expect(listed.topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.INVALID_TIMESTAMP);
  });
});
