// admin.deleteTopicRecords over a real socket: the log start moves (into a batch too), readers
// start there, '-1' empties the partition, bad offsets are refused, and the start survives a restart.
import { afterEach, describe, expect, it } from 'vitest';
import { Client, type Admin, type KafkaMessage } from '../../client-sdk/index.js';
import { startRestartableBroker, type RestartableBroker } from '../helpers/restartable-broker.js';
import { setup } from '../helpers/sdk.js';

describe('deleteTopicRecords', () => {
  it('moves the log start, even into a batch; consumers from the beginning start there', async () => {
    const sdk = await setup();
    const admin = await sdk.admin();
    await admin.createTopics({ topics: [{ topic: 'events', numPartitions: 2 }] });
    const producer = await sdk.producer();
    // Three batches of 3, 3 and 4 records on partition 0.
    for (const values of [
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
      ['g', 'h', 'i', 'j'],
    ])
      await producer.send({ topic: 'events', messages: values.map((value) => ({ value, partition: 0 })) });

    await admin.deleteTopicRecords({ topic: 'events', partitions: [{ partition: 0, offset: '4' }] });
    const offsets = await admin.fetchTopicOffsets('events');
    expect(offsets.find((o) => o.partition === 0)).toMatchObject({ low: '4', high: '10' });

    const consumer = await sdk.consumer();
    consumer.assign([{ topic: 'events', partition: 0, offset: 'earliest' }]);
    const received: KafkaMessage[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          received.push(message);
          if (message.offset === '9') resolve();
        },
      });
    });
    expect(received.map((m) => [m.offset, m.value!.toString()])).toEqual(
      ['e', 'f', 'g', 'h', 'i', 'j'].map((v, i) => [String(i + 4), v]),
    );

    await admin.deleteTopicRecords({ topic: 'events', partitions: [{ partition: 0, offset: -1 }] });
    expect((await admin.fetchTopicOffsets('events')).find((o) => o.partition === 0)).toMatchObject({
      low: '10',
      high: '10',
    });
    // Below the start: nothing to do, no error.
    await admin.deleteTopicRecords({ topic: 'events', partitions: [{ partition: 0, offset: 2 }] });
    await expect(
      admin.deleteTopicRecords({ topic: 'events', partitions: [{ partition: 1, offset: 5 }] }),
    ).rejects.toMatchObject({ type: 'OFFSET_OUT_OF_RANGE' });
    await expect(
      admin.deleteTopicRecords({ topic: 'events', partitions: [{ partition: 7, offset: 0 }] }),
    ).rejects.toMatchObject({ type: 'UNKNOWN_TOPIC_OR_PARTITION' });
    await expect(
      admin.deleteTopicRecords({ topic: 'events', partitions: [{ partition: 0, offset: -2 }] }),
    ).rejects.toThrow(/offset of -1/);
  });

  describe('across a restart', () => {
    let broker: RestartableBroker | undefined;
    let admin: Admin | undefined;
    afterEach(async () => {
      await admin?.disconnect();
      await broker?.close();
    });

    it('keeps the moved log start', async () => {
      broker = await startRestartableBroker();
      const client = new Client({ brokers: broker.brokers, retry: { retries: 20, initialRetryTime: 20 } });
      admin = client.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'kept' }] });
      const producer = client.producer();
      await producer.connect();
      await producer.send({ topic: 'kept', messages: ['1', '2', '3', '4'].map((value) => ({ value })) });
      await producer.disconnect();
      await admin.deleteTopicRecords({ topic: 'kept', partitions: [{ partition: 0, offset: 3 }] });
      await broker.stop();
      await broker.start();
      expect((await admin.fetchTopicOffsets('kept'))[0]).toMatchObject({ low: '3', high: '4' });
    });
  });
});
