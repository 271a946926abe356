// The admin client against a real broker on port 0.
import { describe, expect, it } from 'vitest';
import { MinibrokerProtocolError } from '../../client-sdk/index.js';
import { setup } from '../helpers/sdk.js';

describe('SDK admin', () => {
  it('creates, lists, describes and deletes topics', async () => {
    const sdk = await setup();
    const admin = await sdk.admin();
    expect(
      await admin.createTopics({
        topics: [
          { topic: 'one', numPartitions: 3 },
          { topic: 'two', configEntries: [{ name: 'retention.ms', value: '60000' }] },
        ],
      }),
    ).toBe(true);
    expect(await admin.createTopics({ topics: [{ topic: 'one', numPartitions: 3 }] })).toBe(false);
    expect((await admin.listTopics()).sort()).toEqual(['one', 'two']);
    const { topics } = await admin.fetchTopicMetadata({ topics: ['one'] });
    expect(topics).toHaveLength(1);
    expect(topics[0]!.name).toBe('one');
    expect(topics[0]!.partitions.map((p) => p.partitionId)).toEqual([0, 1, 2]);
    for (const p of topics[0]!.partitions) {
      expect(p.partitionErrorCode).toBe(0);
      expect(p.leader).toBeGreaterThanOrEqual(0);
      expect(p.replicas).toEqual([p.leader]);
      expect(p.isr).toEqual([p.leader]);
    }
    expect((await admin.fetchTopicMetadata()).topics.map((t) => t.name).sort()).toEqual(['one', 'two']);
    await admin.deleteTopics({ topics: ['one'] });
    expect(await admin.listTopics()).toEqual(['two']);
    await expect(admin.deleteTopics({ topics: ['one'] })).rejects.toMatchObject({ type: 'UNKNOWN_TOPIC_OR_PARTITION' });
  });

  it('validates without creating', async () => {
    const sdk = await setup();
    const admin = await sdk.admin();
    expect(await admin.createTopics({ topics: [{ topic: 'dry', numPartitions: 2 }], validateOnly: true })).toBe(true);
    expect(await admin.listTopics()).toEqual([]);
  });

  it('adds partitions, and producers see them', async () => {
    const sdk = await setup();
    const admin = await sdk.admin();
    await admin.createTopics({ topics: [{ topic: 'grow', numPartitions: 1 }] });
    await admin.createPartitions({ topicPartitions: [{ topic: 'grow', count: 4 }] });
    const { topics } = await admin.fetchTopicMetadata({ topics: ['grow'] });
    expect(topics[0]!.partitions).toHaveLength(4);
    await expect(admin.createPartitions({ topicPartitions: [{ topic: 'grow', count: 2 }] })).rejects.toMatchObject({
      type: 'INVALID_PARTITIONS',
    });
    await expect(admin.createPartitions({ topicPartitions: [{ topic: 'missing', count: 2 }] })).rejects.toMatchObject({
      type: 'UNKNOWN_TOPIC_OR_PARTITION',
    });
    const producer = await sdk.producer();
    const [result] = await producer.send({ topic: 'grow', messages: [{ value: 'x', partition: 3 }] });
    expect(result!.partition).toBe(3);
  });

  it('fetches offsets per partition and by timestamp', async () => {
    const sdk = await setup();
    const admin = await sdk.admin();
    await admin.createTopics({ topics: [{ topic: 'offsets', numPartitions: 2 }] });
    const empty = await admin.fetchTopicOffsets('offsets');
    expect(empty).toEqual([
      { partition: 0, offset: '0', high: '0', low: '0', lastStable: '0' },
      { partition: 1, offset: '0', high: '0', low: '0', lastStable: '0' },
    ]);
    const producer = await sdk.producer();
    const base = 1_700_000_000_000;
    await producer.send({
      topic: 'offsets',
      messages: [0, 1, 2, 3, 4].map((i) => ({ value: String(i), partition: 0, timestamp: base + i * 1000 })),
    });
    await producer.send({ topic: 'offsets', messages: [{ value: 'x', partition: 1, timestamp: base }] });
    expect(await admin.fetchTopicOffsets('offsets')).toEqual([
      { partition: 0, offset: '5', high: '5', low: '0', lastStable: '5' },
      { partition: 1, offset: '1', high: '1', low: '0', lastStable: '1' },
    ]);
    expect(await admin.fetchTopicOffsetsByTimestamp('offsets', base + 2500)).toEqual([
      { partition: 0, offset: '3' },
      { partition: 1, offset: '1' },
    ]);
    expect(await admin.fetchTopicOffsetsByTimestamp('offsets', base)).toEqual([
      { partition: 0, offset: '0' },
      { partition: 1, offset: '0' },
    ]);
    expect(await admin.fetchTopicOffsetsByTimestamp('offsets')).toEqual([
      { partition: 0, offset: '5' },
      { partition: 1, offset: '1' },
    ]);
  });

  it('reports broker errors with their codes', async () => {
    const sdk = await setup({ autoCreateTopics: false });
    const admin = await sdk.admin();
    const error = await admin.fetchTopicMetadata({ topics: ['nope'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MinibrokerProtocolError);
    expect(error).toMatchObject({ type: 'UNKNOWN_TOPIC_OR_PARTITION', code: 3, retriable: true });
    await expect(
      admin.createTopics({ topics: [{ topic: 'x', configEntries: [{ name: 'retention.ms', value: 'soon' }] }] }),
    ).rejects.toMatchObject({ type: 'INVALID_CONFIG' });
  });
});
