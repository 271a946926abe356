import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../protocol/errors.js';
import { decodeRecordBatches, encodeRecordBatch } from '../../protocol/record-batch.js';
import { useBrokerFixtures, type RawClient } from '../helpers/broker.js';
import { pollUntil } from '../helpers/poll-until.js';

const fixtures = useBrokerFixtures();
const batch = (values: string[], timestamp?: number) =>
  encodeRecordBatch(
    values.map((value, i) => ({ key: `k${i}`, value, timestamp: timestamp === undefined ? undefined : timestamp + i })),
  );

async function produce(client: RawClient, topic: string, partition: number, values: string[], acks = 1) {
  const response = await client.request('Produce', {
    acks,
    topics: [{ name: topic, partitions: [{ partition, records: batch(values) }] }],
  });
  return response.topics[0]!.partitions[0]!;
}

async function fetchValues(client: RawClient, topic: string, partition: number, offset = 0) {
  const response = await client.request('Fetch', {
    maxWaitMs: 0,
    topics: [{ name: topic, partitions: [{ partition, fetchOffset: offset }] }],
  });
  const p = response.topics[0]!.partitions[0]!;
  return {
    ...p,
    values: decodeRecordBatches(p.records)
      .filter((r) => r.offset >= offset)
      .map((r) => `${r.offset}:${r.value}`),
  };
}

describe('broker produce and fetch', () => {
  it('keeps records in order per partition across several topics', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    await client.request('CreateTopics', {
      topics: [
        { name: 'a', numPartitions: 3, configs: {} },
        { name: 'b', numPartitions: 2, configs: {} },
      ],
    });
    // Pipelined: all sent before any answer; per-partition order must hold.
    const sends = [];
    for (let i = 0; i < 20; i++)
      for (const [topic, n] of [
        ['a', 3],
        ['b', 2],
      ] as const)
        sends.push(produce(client, topic, i % n, [`${topic}${i}`]));
    const results = await Promise.all(sends);
    expect(results.every((r) => r.errorCode === 0)).toBe(true);
    for (const [topic, n] of [
      ['a', 3],
      ['b', 2],
    ] as const) {
      for (let p = 0; p < n; p++) {
        const expected = Array.from({ length: 20 }, (_, i) => i)
          .filter((i) => i % n === p)
          .map((i, offset) => `${offset}:${topic}${i}`);
        expect((await fetchValues(client, topic, p)).values).toEqual(expected);
      }
    }
  });

  it('reports base offsets and the high watermark, and fetches from the middle of a batch', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    expect(await produce(client, 't', 0, ['a', 'b', 'c'])).toMatchObject({
      errorCode: 0,
      baseOffset: 0,
      logStartOffset: 0,
    });
    expect(await produce(client, 't', 0, ['d'], -1)).toMatchObject({ errorCode: 0, baseOffset: 3 });
    const fetched = await fetchValues(client, 't', 0, 1);
    expect(fetched).toMatchObject({ errorCode: 0, highWatermark: 4, logStartOffset: 0 });
    expect(fetched.values).toEqual(['1:b', '2:c', '3:d']);
  });

  it('wakes a long-polling fetch when a record is appended, while other requests proceed', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    await produce(client, 'poll', 0, ['first']);
    const parked = client.request('Fetch', {
      maxWaitMs: 15_000,
      minBytes: 1,
      topics: [{ name: 'poll', partitions: [{ partition: 0, fetchOffset: 1 }] }],
    });
    await pollUntil(() => broker.services.fetcher.parked === 1);
    // The same connection keeps serving while the fetch is parked.
    expect((await client.request('Metadata', { topics: ['poll'] })).topics[0]!.errorCode).toBe(0);
    expect(await produce(client, 'poll', 0, ['second'])).toMatchObject({ errorCode: 0, baseOffset: 1 });
    const response = await parked;
    const records = decodeRecordBatches(response.topics[0]!.partitions[0]!.records);
    expect(records.map((r) => [r.offset, r.value?.toString()])).toEqual([[1, 'second']]);
  });

  it('answers a long poll with nothing when its wait expires', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    await client.request('CreateTopics', { topics: [{ name: 'quiet', numPartitions: 1, configs: {} }] });
    const response = await client.request('Fetch', {
      maxWaitMs: 30,
      minBytes: 1,
      topics: [{ name: 'quiet', partitions: [{ partition: 0, fetchOffset: 0 }] }],
    });
    expect(response.topics[0]!.partitions[0]).toMatchObject({ errorCode: 0, highWatermark: 0 });
    expect(response.topics[0]!.partitions[0]!.records.length).toBe(0);
  });

  it('stores acks=0 produces without answering them', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    client.fireAndForget('Produce', {
      acks: 0,
      topics: [{ name: 'fire', partitions: [{ partition: 0, records: batch(['x', 'y']) }] }],
    });
    const end = await pollUntil(async () => {
      const r = await client.request('ListOffsets', {
        topics: [{ name: 'fire', partitions: [{ partition: 0, timestamp: -1 }] }],
      });
      const p = r.topics[0]!.partitions[0]!;
      return p.errorCode === 0 && p.offset === 2 && p.offset;
    });
    expect(end).toBe(2);
    expect(client.unmatched).toEqual([]);
  });

  it('refuses acks other than -1, 0, 1 and stores nothing', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    expect(await produce(client, 't', 0, ['x'], 2)).toMatchObject({ errorCode: ErrorCode.INVALID_REQUIRED_ACKS });
    expect((await client.request('Metadata', { topics: ['t'] })).topics[0]!.errorCode).toBe(
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    );
  });

  it('lists earliest, latest and by-timestamp offsets', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    await client.request('Produce', {
      topics: [{ name: 'ts', partitions: [{ partition: 0, records: batch(['a', 'b'], 1000) }] }],
    });
    await client.request('Produce', {
      topics: [{ name: 'ts', partitions: [{ partition: 0, records: batch(['c'], 5000) }] }],
    });
    // One request per timestamp: a partition named twice in one request is INVALID_REQUEST (as Kafka).
    const answers = await Promise.all(
      [-2, -1, 1001, 3000, 9000].map(
        async (timestamp) =>
          (await client.request('ListOffsets', { topics: [{ name: 'ts', partitions: [{ partition: 0, timestamp }] }] }))
            .topics[0]!.partitions[0]!,
      ),
    );
    expect(answers.map((p) => [p.errorCode, p.offset])).toEqual([
      [0, 0],
      [0, 3],
      [0, 1],
      [0, 2],
      [0, 3],
    ]);
    expect(answers[2]!.timestamp).toBe(1001);
  });
});

describe('broker topics', () => {
  it('auto-creates topics on produce and on metadata, with the default partition count', async () => {
    const broker = await fixtures.broker({ defaultPartitions: 3 });
    const client = await fixtures.client(broker);
    expect(await produce(client, 'auto-p', 2, ['x'])).toMatchObject({ errorCode: 0, baseOffset: 0 });
    const meta = await client.request('Metadata', {
      topics: ['auto-p', 'auto-m', 'missing'],
      allowAutoTopicCreation: false,
    });
    expect(meta.brokers).toEqual([{ nodeId: 0, host: '127.0.0.1', port: broker.port }]);
    expect(meta.topics.map((t) => [t.name, t.errorCode, t.partitions.length])).toEqual([
      ['auto-p', 0, 3],
      ['auto-m', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 0],
      ['missing', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 0],
    ]);
    const created = await client.request('Metadata', { topics: ['auto-m'], allowAutoTopicCreation: true });
    expect(created.topics[0]).toMatchObject({ errorCode: 0, name: 'auto-m' });
    const all = await client.request('Metadata', { allTopics: true });
    expect(all.topics.map((t) => t.name).sort()).toEqual(['auto-m', 'auto-p']);
  });

  it('does not auto-create when the broker forbids it', async () => {
    const broker = await fixtures.broker({ autoCreateTopics: false });
    const client = await fixtures.client(broker);
    expect(await produce(client, 'nope', 0, ['x'])).toMatchObject({ errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
    const meta = await client.request('Metadata', { topics: ['nope'], allowAutoTopicCreation: true });
    expect(meta.topics[0]!.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('creates, grows and deletes topics with per-topic errors', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    const created = await client.request('CreateTopics', {
      topics: [
        { name: 'ok', numPartitions: 2, configs: { 'retention.ms': '-1' } },
        { name: 'ok', numPartitions: 2, configs: {} },
        { name: 'bad/name', numPartitions: 1, configs: {} },
        { name: 'neg', numPartitions: -5, configs: {} },
        { name: 'cfg', numPartitions: 1, configs: { 'retention.ms': 'forever' } },
      ],
    });
    expect(created.topics.map((t) => t.errorCode)).toEqual([
      0,
      ErrorCode.TOPIC_ALREADY_EXISTS,
      ErrorCode.INVALID_TOPIC_EXCEPTION,
      ErrorCode.INVALID_PARTITIONS,
      ErrorCode.INVALID_CONFIG,
    ]);
    const dry = await client.request('CreateTopics', {
      validateOnly: true,
      topics: [{ name: 'dry', numPartitions: 1, configs: {} }],
    });
    expect(dry.topics[0]!.errorCode).toBe(0);
    expect((await client.request('Metadata', { topics: ['dry'] })).topics[0]!.errorCode).toBe(
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    );

    const grown = await client.request('CreatePartitions', {
      topics: [
        { name: 'ok', count: 4 },
        { name: 'ok', count: 4 },
        { name: 'nope', count: 2 },
      ],
    });
    expect(grown.topics.map((t) => t.errorCode)).toEqual([
      0,
      ErrorCode.INVALID_PARTITIONS,
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    ]);
    expect(await produce(client, 'ok', 3, ['x'])).toMatchObject({ errorCode: 0 });

    const deleted = await client.request('DeleteTopics', { topics: ['ok', 'ok'] });
    expect(deleted.topics.map((t) => t.errorCode)).toEqual([0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
    expect((await fetchValues(client, 'ok', 0)).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    // Re-created under the same name, the topic starts empty.
    expect(await produce(client, 'ok', 0, ['y'])).toMatchObject({ errorCode: 0, baseOffset: 0 });
  });

  it('advertises its APIs', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    const versions = await client.request('ApiVersions', {});
    expect(versions.apis.map((a) => a.name).sort()).toEqual([
      'AddOffsetsToTxn',
      'AddPartitionsToTxn',
      'AlterConfigs',
      'ApiVersions',
      'CreateAcls',
      'CreatePartitions',
      'CreateTopics',
      'DeleteAcls',
      'DeleteGroups',
      'DeleteRecords',
      'DeleteTopics',
      'DescribeAcls',
      'DescribeConfigs',
      'DescribeGroups',
      'DescribeTransactions',
      'EndTxn',
      'Fetch',
      'FindCoordinator',
      'Heartbeat',
      'IncrementalAlterConfigs',
      'InitProducerId',
      'JoinGroup',
      'LeaveGroup',
      'ListGroups',
      'ListOffsets',
      'ListTransactions',
      'Metadata',
      'OffsetCommit',
      'OffsetFetch',
      'Produce',
      'SaslAuthenticate',
      'SaslHandshake',
      'SyncGroup',
      'TxnOffsetCommit',
    ]);
  });
});
