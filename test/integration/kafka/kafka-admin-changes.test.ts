// Admin changes over the Kafka protocol: CreatePartitions, AlterConfigs, DeleteRecords (KafkaJS
// admin), and IncrementalAlterConfigs plus the flexible versions of the others (@platformatic/kafka).
import { Admin, ConfigResourceTypes, IncrementalAlterConfigOperationTypes } from '@platformatic/kafka';
import { ConfigResourceTypes as KafkaJsResourceTypes } from 'kafkajs';
import { ErrorCode } from '../../../protocol/errors.js';
import type { CreatePartitionsResponse } from '../../../protocol/kafka/generated/index.js';
import { encodeRecordBatch } from '../../../protocol/record-batch.js';
import { afterEach, describe, expect, it } from 'vitest';
import { useBrokerFixtures } from '../../helpers/broker.js';
import { KafkaRawClient } from '../../helpers/kafka-raw.js';
import { useKafkaJs } from '../../helpers/kafkajs.js';
import { pollUntil } from '../../helpers/poll-until.js';

const fixtures = useBrokerFixtures();
const clients = useKafkaJs();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe('KafkaJS admin changes', () => {
  it('adds partitions, and refuses to remove any', async () => {
    const b = await fixtures.broker();
    const { admin, producer } = clients(b.port);
    const a = await admin();
    await a.createTopics({ topics: [{ topic: 'audit', numPartitions: 1 }] });
    await a.createPartitions({ topicPartitions: [{ topic: 'audit', count: 3 }] });
    expect(b.services.topics.get('audit')!.partitions).toHaveLength(3);
    await (await producer()).send({ topic: 'audit', messages: [{ value: 'x', partition: 2 }] });
    expect(b.services.topics.get('audit')!.partitions[2]!.logEndOffset).toBe(1);

    await expect(a.createPartitions({ topicPartitions: [{ topic: 'audit', count: 2 }] })).rejects.toThrow();
    await expect(a.createPartitions({ topicPartitions: [{ topic: 'missing', count: 2 }] })).rejects.toThrow();
    expect(b.services.topics.get('audit')!.partitions).toHaveLength(3);
  });

  it('replaces topic configs, validates them, and leaves them alone when only validating', async () => {
    const b = await fixtures.broker();
    const a = await clients(b.port).admin();
    await a.createTopics({ topics: [{ topic: 'audit', configEntries: [{ name: 'retention.ms', value: '1000' }] }] });
    const alter = (validateOnly: boolean, name: string, value: string) =>
      a.alterConfigs({
        validateOnly,
        resources: [{ type: KafkaJsResourceTypes.TOPIC, name: 'audit', configEntries: [{ name, value }] }],
      });

    await alter(false, 'retention.bytes', '4096');
    // AlterConfigs replaces the whole set: retention.ms returns to its default.
    expect(b.services.topics.get('audit')!.configs).toEqual({ 'retention.bytes': '4096' });
    await alter(true, 'retention.ms', '60000');
    expect(b.services.topics.get('audit')!.configs).toEqual({ 'retention.bytes': '4096' });
    await expect(alter(false, 'retention.ms', 'soon')).rejects.toThrow();
    await expect(alter(false, 'no.such.config', '1')).rejects.toThrow();
    expect(b.services.topics.get('audit')!.configs).toEqual({ 'retention.bytes': '4096' });

    const described = await a.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: KafkaJsResourceTypes.TOPIC, name: 'audit', configNames: ['retention.bytes'] }],
    });
    expect(described.resources[0]!.configEntries).toMatchObject([
      { configName: 'retention.bytes', configValue: '4096' },
    ]);
  });

  it('deletes records below an offset: consumers start at the new log start', async () => {
    const b = await fixtures.broker();
    const { admin, producer, consumer } = clients(b.port);
    const a = await admin();
    await a.createTopics({ topics: [{ topic: 'events' }] });
    await (await producer()).send({ topic: 'events', messages: ['0', '1', '2', '3', '4'].map((value) => ({ value })) });

    // KafkaJS looks the partition's leader up in the metadata it holds: load the topic's first.
    await a.fetchTopicMetadata({ topics: ['events'] });
    await a.deleteTopicRecords({ topic: 'events', partitions: [{ partition: 0, offset: '3' }] });
    expect(b.services.topics.get('events')!.partitions[0]!.logStartOffset).toBe(3);
    expect((await a.fetchTopicOffsets('events'))[0]).toMatchObject({ low: '3', high: '5' });

    const c = await consumer('late-readers');
    await c.subscribe({ topic: 'events', fromBeginning: true });
    const values: string[] = [];
    await c.run({ eachMessage: async ({ message }) => void values.push(message.value!.toString()) });
    await pollUntil(() => values.length >= 2);
    expect(values).toEqual(['3', '4']);
  });
});

describe('CreatePartitions over a raw Kafka connection', () => {
  it('refuses manual replica assignments and still serves the other topics of the request', async () => {
    const b = await fixtures.broker();
    b.services.topics.create('a', 1);
    b.services.topics.create('b', 1);
    const client = await KafkaRawClient.connect(b.port);
    try {
      const response = await client.request<CreatePartitionsResponse>('CreatePartitions', 3, {
        topics: [
          { name: 'a', count: 2, assignments: [{ brokerIds: [b.config.nodeId] }] },
          { name: 'b', count: 2 },
        ],
        timeoutMs: 1000,
        validateOnly: false,
      });
      expect(response.results).toEqual([
        {
          name: 'a',
          errorCode: ErrorCode.INVALID_REQUEST,
          errorMessage: 'manual replica assignments are not supported',
        },
        { name: 'b', errorCode: ErrorCode.NONE, errorMessage: null },
      ]);
    } finally {
      client.destroy();
    }
    expect(b.services.topics.get('a')!.partitions).toHaveLength(1);
    expect(b.services.topics.get('b')!.partitions).toHaveLength(2);
  });
});

describe('@platformatic/kafka admin changes', () => {
  it('sets and deletes single configs, adds partitions and deletes records (flexible versions)', async () => {
    const b = await fixtures.broker();
    const admin = new Admin({ clientId: 'pk-admin', bootstrapBrokers: [`127.0.0.1:${b.port}`] });
    closers.push(() => admin.close());
    await admin.createTopics({ topics: ['ledger'], partitions: 1, replicas: 1 });
    const topic = { resourceType: ConfigResourceTypes.TOPIC, resourceName: 'ledger' };

    await admin.incrementalAlterConfigs({
      resources: [
        {
          ...topic,
          configs: [
            { name: 'retention.ms', configOperation: IncrementalAlterConfigOperationTypes.SET, value: '60000' },
            { name: 'retention.bytes', configOperation: IncrementalAlterConfigOperationTypes.SET, value: '4096' },
          ],
        },
      ],
    });
    await admin.incrementalAlterConfigs({
      resources: [
        {
          ...topic,
          configs: [{ name: 'retention.bytes', configOperation: IncrementalAlterConfigOperationTypes.DELETE }],
        },
      ],
    });
    // Only what was listed changed: retention.ms stays.
    expect(b.services.topics.get('ledger')!.configs).toEqual({ 'retention.ms': '60000' });
    await expect(
      admin.incrementalAlterConfigs({
        resources: [
          {
            ...topic,
            configs: [
              { name: 'cleanup.policy', configOperation: IncrementalAlterConfigOperationTypes.APPEND, value: 'x' },
            ],
          },
        ],
      }),
    ).rejects.toThrow();

    await admin.createPartitions({ topics: [{ name: 'ledger', count: 2 }] });
    expect(b.services.topics.get('ledger')!.partitions).toHaveLength(2);

    const ledger = b.services.topics.get('ledger')!;
    await b.services.topics.partition(ledger, 0).append(encodeRecordBatch([{ value: 'a' }, { value: 'b' }], 0), true);
    // @platformatic/kafka 1.35 declares `partitionIndex` but reads `partition`: give both.
    const partitions = [{ partitionIndex: 0, partition: 0, offset: 1n }];
    await admin.deleteRecords({ topics: [{ name: 'ledger', partitions }] });
    expect(ledger.partitions[0]!.logStartOffset).toBe(1);
  });
});
