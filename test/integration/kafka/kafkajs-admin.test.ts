// KafkaJS's admin client against minibroker: topics, configs, groups and their offsets.
import { describe, expect, it } from 'vitest';
import { useBrokerFixtures } from '../../helpers/broker.js';
import { useKafkaJs } from '../../helpers/kafkajs.js';
import { pollUntil } from '../../helpers/poll-until.js';

const fixtures = useBrokerFixtures();
const clients = useKafkaJs();

describe('KafkaJS admin', () => {
  it('creates, lists, describes and deletes topics', async () => {
    const b = await fixtures.broker();
    const admin = await clients(b.port).admin();
    expect(
      await admin.createTopics({
        topics: [{ topic: 'audit', numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '60000' }] }],
      }),
    ).toBe(true);
    // Creating it again is refused as Kafka does (createTopics answers false for existing topics).
    expect(await admin.createTopics({ topics: [{ topic: 'audit' }] })).toBe(false);
    expect(await admin.listTopics()).toEqual(['audit']);

    const metadata = await admin.fetchTopicMetadata({ topics: ['audit'] });
    expect(metadata.topics[0]!.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);

    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2, name: 'audit', configNames: ['retention.ms'] }],
    });
    expect(configs.resources[0]!.configEntries).toMatchObject([{ configName: 'retention.ms', configValue: '60000' }]);

    await admin.deleteTopics({ topics: ['audit'] });
    expect(await admin.listTopics()).toEqual([]);
    expect(b.services.topics.get('audit')).toBeUndefined();
  });

  it('lists, describes and deletes groups, and fetches and resets their offsets', async () => {
    const b = await fixtures.broker();
    const { admin, producer, consumer } = clients(b.port);
    const a = await admin();
    await a.createTopics({ topics: [{ topic: 'clicks', numPartitions: 2 }] });
    const p = await producer();
    await p.send({
      topic: 'clicks',
      messages: [
        { value: 'a', partition: 0 },
        { value: 'b', partition: 0 },
      ],
    });

    const c = await consumer('analytics');
    await c.subscribe({ topic: 'clicks', fromBeginning: true });
    let seen = 0;
    await c.run({
      autoCommitThreshold: 1,
      eachMessage: () => {
        seen++;
        return Promise.resolve();
      },
    });
    await pollUntil(() => seen === 2);
    expect((await a.listGroups()).groups).toEqual([{ groupId: 'analytics', protocolType: 'consumer' }]);
    const described = await a.describeGroups(['analytics']);
    expect(described.groups[0]).toMatchObject({ groupId: 'analytics', state: 'Stable', protocolType: 'consumer' });
    expect(described.groups[0]!.members).toHaveLength(1);
    await c.disconnect();

    await pollUntil(async () => {
      const offsets = await a.fetchOffsets({ groupId: 'analytics', topics: ['clicks'] });
      return offsets[0]!.partitions.find((x) => x.partition === 0)?.offset === '2';
    });
    await a.resetOffsets({ groupId: 'analytics', topic: 'clicks', earliest: true });
    const reset = await a.fetchOffsets({ groupId: 'analytics', topics: ['clicks'] });
    expect(reset[0]!.partitions.map((x) => x.offset)).toEqual(['0', '0']);

    await a.deleteGroups(['analytics']);
    expect((await a.listGroups()).groups).toEqual([]);
  });
});
