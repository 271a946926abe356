// @platformatic/kafka's transactional producer: the flexible versions of InitProducerId,
// AddPartitionsToTxn and EndTxn, read back by a KafkaJS read_committed consumer.
import { Producer, stringSerializers } from '@platformatic/kafka';
import { afterEach, describe, expect, it } from 'vitest';
import { useBrokerFixtures } from '../../helpers/broker.js';
import { useKafkaJs } from '../../helpers/kafkajs.js';
import { pollUntil } from '../../helpers/poll-until.js';

const fixtures = useBrokerFixtures();
const clients = useKafkaJs();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe('@platformatic/kafka transactions', () => {
  it('commits and aborts transactions a read_committed consumer tells apart', async () => {
    const b = await fixtures.broker();
    const { admin, consumer, producer: plainProducer } = clients(b.port);
    await (await admin()).createTopics({ topics: [{ topic: 'payments' }] });
    const producer = new Producer({
      clientId: 'pk-txn',
      bootstrapBrokers: [`127.0.0.1:${b.port}`],
      serializers: stringSerializers,
      idempotent: true,
      transactionalId: 'pk-payments',
    });
    closers.push(() => producer.close());

    const aborted = await producer.beginTransaction();
    await aborted.send({ messages: [{ topic: 'payments', value: 'aborted' }] });
    await aborted.abort();
    const committed = await producer.beginTransaction();
    await committed.send({ messages: [{ topic: 'payments', value: 'committed' }] });
    await committed.commit();
    await (await plainProducer()).send({ topic: 'payments', messages: [{ value: 'plain' }] });

    const c = await consumer('pk-auditors');
    await c.subscribe({ topic: 'payments', fromBeginning: true });
    const values: string[] = [];
    await c.run({ eachMessage: async ({ message }) => void values.push(message.value!.toString()) });
    await pollUntil(() => values.length >= 2);
    expect(values).toEqual(['committed', 'plain']);
  });
});
