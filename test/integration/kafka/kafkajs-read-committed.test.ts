// A KafkaJS consumer (read_committed by default, as Kafka's) against transactions written by our
// SDK: aborted records and transaction markers are never delivered; committed ones are.
import { Kafka, logLevel, type EachMessagePayload } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '../../../client-sdk/index.js';
import { useBrokerFixtures } from '../../helpers/broker.js';
import { pollUntil } from '../../helpers/poll-until.js';

const fixtures = useBrokerFixtures();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe('KafkaJS read_committed', () => {
  it('skips aborted transactions and their markers; sees committed ones', async () => {
    const broker = await fixtures.broker();
    const client = new Client({ brokers: broker.brokers });
    const admin = client.admin();
    await admin.connect();
    closers.push(() => admin.disconnect());
    await admin.createTopics({ topics: [{ topic: 'payments' }] });
    const producer = client.producer({ transactionalId: 'payments-writer', idempotent: true });
    await producer.connect();
    closers.push(() => producer.disconnect());
    const aborted = await producer.transaction();
    await aborted.send({ topic: 'payments', messages: [{ value: 'aborted-1' }, { value: 'aborted-2' }] });
    await aborted.abort();
    const committed = await producer.transaction();
    await committed.send({ topic: 'payments', messages: [{ value: 'committed-1' }] });
    await committed.commit();

    const kafka = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    const consumer = kafka.consumer({ groupId: 'auditors' });
    await consumer.connect();
    closers.push(() => consumer.disconnect());
    await consumer.subscribe({ topic: 'payments', fromBeginning: true });
    const received: EachMessagePayload[] = [];
    await consumer.run({ eachMessage: async (payload) => void received.push(payload) });
    await pollUntil(() => received.length >= 1);
    // One more produce after it, so a consumer that wrongly read on would have something to show.
    const after = await producer.transaction();
    await after.send({ topic: 'payments', messages: [{ value: 'committed-2' }] });
    await after.commit();
    await pollUntil(() => received.length >= 2);
    expect(received.map((p) => p.message.value?.toString())).toEqual(['committed-1', 'committed-2']);
  });
});
