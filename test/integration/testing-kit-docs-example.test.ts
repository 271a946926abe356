// The first example of docs/testing.md, verbatim but for import paths: it must stay green and fast.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { Client } from '../../client-sdk/index.js';
import { startTestBroker, type TestBroker } from '../../testing/index.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker(); // in memory, port 0, topics auto-created
});
afterEach(() => broker.reset()); // every test starts with no topics, groups or offsets
afterAll(() => broker.close()); // nothing left open: the runner exits on its own

it('a consumer group processes and commits every order', async () => {
  await broker.createTopic('orders', 2);
  const client = new Client({ clientId: 'orders-test', brokers: broker.brokers });
  const consumer = client.consumer({ groupId: 'order-service' });
  await consumer.connect();
  await consumer.subscribe({ topics: ['orders'], fromBeginning: true });
  const seen: string[] = [];
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      seen.push(String(message.value));
      await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
    },
  });

  await broker.waitForGroupStable('order-service', { members: 1 });
  await broker.produce('orders', [
    { key: 'o1', value: 'first' },
    { key: 'o2', value: 'second' },
  ]);
  await broker.waitForLag('order-service', 0); // resolves the moment both offsets are committed

  expect(seen.sort()).toEqual(['first', 'second']);
  await consumer.disconnect();
});
