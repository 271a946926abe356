// The KafkaJS example of docs/kafka-clients.md, verbatim but for import paths: a KafkaJS service's
// integration test running unchanged against startTestBroker(). It must stay green and fast.
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../../../testing/index.js';

// The service under test, written against KafkaJS only: it confirms every order it reads.
async function startConfirmations(kafka: Kafka): Promise<{ stop: () => Promise<void> }> {
  const consumer: Consumer = kafka.consumer({ groupId: 'confirmations' });
  const producer: Producer = kafka.producer();
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topic: 'orders', fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      await producer.send({
        topic: 'confirmed',
        messages: [{ key: message.key, value: `ok:${String(message.value)}` }],
      });
    },
  });
  return { stop: async () => void (await Promise.all([consumer.disconnect(), producer.disconnect()])) };
}

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker(); // one port speaks both KafkaJS's protocol and the SDK's
});
afterEach(() => broker.reset());
afterAll(() => broker.close());

it('confirms every order', async () => {
  const kafka = new Kafka({ clientId: 'orders-test', brokers: broker.brokers, logLevel: logLevel.NOTHING });
  await broker.createTopic('orders', 2);
  await broker.createTopic('confirmed', 1);
  const service = await startConfirmations(kafka);

  await broker.waitForGroupStable('confirmations', { members: 1 });
  await broker.produce('orders', [
    { key: 'o1', value: 'first' },
    { key: 'o2', value: 'second' },
  ]);
  const confirmed = await broker.consumeN('confirmed', 2);
  expect(confirmed.map((m) => String(m.value)).sort()).toEqual(['ok:first', 'ok:second']);
  await broker.waitForLag('confirmations', 0);

  await service.stop();
});
