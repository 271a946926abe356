// Topic configs over a real socket with KafkaJS's admin calls: describe (effective values and
// where they come from), replace (alterConfigs), change one by one (incrementalAlterConfigs),
// the refusals Kafka gives, max.message.bytes applied to produce, and configs kept across a restart.
import { afterEach, describe, expect, it } from 'vitest';
import {
  AlterConfigOperations,
  Client,
  ConfigResourceTypes,
  ConfigSource,
  type Admin,
  type DescribeConfigsResult,
} from '../../client-sdk/index.js';
import { startRestartableBroker, type RestartableBroker } from '../helpers/restartable-broker.js';
import { setup } from '../helpers/sdk.js';

const TOPIC = ConfigResourceTypes.TOPIC;

function entries(result: DescribeConfigsResult): Record<string, { value: string; source: number; isDefault: boolean }> {
  return Object.fromEntries(
    result.resources[0]!.configEntries.map((e) => [
      e.configName,
      { value: e.configValue, source: e.configSource, isDefault: e.isDefault },
    ]),
  );
}

describe('topic configs', () => {
  it('describes, replaces and changes configs; max.message.bytes bounds produce at once', async () => {
    const sdk = await setup({ maxBatchBytes: 200_000 });
    const admin = await sdk.admin();
    await admin.createTopics({
      topics: [{ topic: 'orders', configEntries: [{ name: 'retention.ms', value: '3600000' }] }],
    });
    const described = entries(await admin.describeConfigs({ resources: [{ type: TOPIC, name: 'orders' }] }));
    expect(described['retention.ms']).toEqual({
      value: '3600000',
      source: ConfigSource.TOPIC_CONFIG,
      isDefault: false,
    });
    expect(described['max.message.bytes']).toEqual({
      value: '200000',
      source: ConfigSource.STATIC_BROKER_CONFIG,
      isDefault: true,
    });
    expect(described['cleanup.policy']).toMatchObject({ value: 'delete', source: ConfigSource.DEFAULT_CONFIG });
    const named = await admin.describeConfigs({
      resources: [{ type: TOPIC, name: 'orders', configNames: ['retention.ms'] }],
    });
    expect(named.resources[0]!.configEntries.map((e) => e.configName)).toEqual(['retention.ms']);

    // alterConfigs replaces the whole set: retention.ms goes back to the broker's default.
    await admin.alterConfigs({
      resources: [{ type: TOPIC, name: 'orders', configEntries: [{ name: 'max.message.bytes', value: '1000' }] }],
    });
    let now = entries(await admin.describeConfigs({ resources: [{ type: TOPIC, name: 'orders' }] }));
    expect(now['retention.ms']!.isDefault).toBe(true);
    expect(now['max.message.bytes']).toMatchObject({ value: '1000', source: ConfigSource.TOPIC_CONFIG });

    const producer = await sdk.producer();
    await expect(
      producer.send({ topic: 'orders', messages: [{ value: Buffer.alloc(2000) }], acks: 1 }),
    ).rejects.toMatchObject({ type: 'MESSAGE_TOO_LARGE' });
    await producer.send({ topic: 'orders', messages: [{ value: 'small' }], acks: 1 });

    // incrementalAlterConfigs changes only what it lists.
    await admin.incrementalAlterConfigs({
      resources: [
        {
          type: TOPIC,
          name: 'orders',
          configEntries: [
            { name: 'segment.bytes', value: '1048576', operation: AlterConfigOperations.SET },
            { name: 'max.message.bytes', operation: AlterConfigOperations.DELETE },
          ],
        },
      ],
    });
    now = entries(await admin.describeConfigs({ resources: [{ type: TOPIC, name: 'orders' }] }));
    expect(now['segment.bytes']).toMatchObject({ value: '1048576', source: ConfigSource.TOPIC_CONFIG });
    expect(now['max.message.bytes']).toMatchObject({ value: '200000', isDefault: true });
    await producer.send({ topic: 'orders', messages: [{ value: Buffer.alloc(2000) }], acks: 1 });
  });

  it('refuses what it cannot honour, with Kafka error codes, and changes nothing', async () => {
    const sdk = await setup();
    const admin = await sdk.admin();
    await admin.createTopics({ topics: [{ topic: 't' }] });
    const alter = (name: string, value: string) =>
      admin.alterConfigs({ resources: [{ type: TOPIC, name: 't', configEntries: [{ name, value }] }] });
    await expect(alter('cleanup.policy', 'compact')).rejects.toMatchObject({
      type: 'INVALID_CONFIG',
      message: expect.stringMatching(/compaction is not supported/),
    });
    await expect(alter('no.such.config', '1')).rejects.toMatchObject({ type: 'INVALID_CONFIG' });
    for (const name of ['constructor', '__proto__', 'toString'])
      await expect(alter(name, '1'), name).rejects.toMatchObject({ type: 'INVALID_CONFIG' });
    await expect(alter('retention.ms', 'soon')).rejects.toMatchObject({ type: 'INVALID_CONFIG' });
    await expect(
      admin.alterConfigs({ resources: [{ type: TOPIC, name: 'missing', configEntries: [] }] }),
    ).rejects.toMatchObject({ type: 'UNKNOWN_TOPIC_OR_PARTITION' });
    await expect(
      admin.alterConfigs({ resources: [{ type: ConfigResourceTypes.BROKER, name: '0', configEntries: [] }] }),
    ).rejects.toMatchObject({ type: 'INVALID_REQUEST' });
    await expect(
      admin.incrementalAlterConfigs({
        resources: [
          {
            type: TOPIC,
            name: 't',
            configEntries: [{ name: 'cleanup.policy', value: 'compact', operation: AlterConfigOperations.APPEND }],
          },
        ],
      }),
    ).rejects.toMatchObject({ type: 'INVALID_CONFIG' });
    const after = await admin.describeConfigs({ resources: [{ type: TOPIC, name: 't' }] });
    expect(after.resources[0]!.configEntries.every((e) => e.isDefault)).toBe(true);
    const broker = await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.BROKER, name: '0' }] });
    expect(broker.resources[0]!.configEntries.map((e) => [e.configName, e.readOnly])).toContainEqual([
      'message.max.bytes',
      true,
    ]);
  });

  describe('across a restart', () => {
    let broker: RestartableBroker | undefined;
    let admin: Admin | undefined;
    afterEach(async () => {
      await admin?.disconnect();
      await broker?.close();
    });

    it('keeps configs set by alterConfigs', async () => {
      broker = await startRestartableBroker();
      admin = new Client({ brokers: broker.brokers, retry: { retries: 20, initialRetryTime: 20 } }).admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'kept' }] });
      await admin.alterConfigs({
        resources: [{ type: TOPIC, name: 'kept', configEntries: [{ name: 'retention.bytes', value: '123456' }] }],
      });
      await broker.stop();
      await broker.start();
      const described = entries(await admin.describeConfigs({ resources: [{ type: TOPIC, name: 'kept' }] }));
      expect(described['retention.bytes']).toMatchObject({ value: '123456', source: ConfigSource.TOPIC_CONFIG });
    });
  });
});
