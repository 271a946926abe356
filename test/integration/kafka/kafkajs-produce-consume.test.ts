// KafkaJS against minibroker over a real socket: produce with keys and headers, consume them back.
import { CompressionTypes, Kafka, logLevel, type Consumer, type EachMessagePayload, type Producer } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { useBrokerFixtures } from '../../helpers/broker.js';
import { pollUntil } from '../../helpers/poll-until.js';

const fixtures = useBrokerFixtures();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function kafkaFor() {
  const b = await fixtures.broker();
  return new Kafka({
    clientId: 'kafkajs-test',
    brokers: [`127.0.0.1:${b.port}`],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  });
}

async function connected<T extends Producer | Consumer>(client: T): Promise<T> {
  await client.connect();
  closers.push(() => client.disconnect());
  return client;
}

describe('KafkaJS produce and consume', () => {
  it('sends messages with keys and headers and reads them back in a group', async () => {
    const kafka = await kafkaFor();
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 2 }] });
    await admin.disconnect();

    const producer = await connected(kafka.producer());
    const sent = await producer.send({
      topic: 'orders',
      messages: [
        { key: 'k1', value: 'first', headers: { source: 'test', trace: Buffer.from([1, 2]) } },
        { key: 'k2', value: 'second', partition: 1 },
        { key: 'k1', value: 'third' },
      ],
    });
    expect(sent.every((r) => r.errorCode === 0)).toBe(true);

    const consumer = await connected(kafka.consumer({ groupId: 'readers' }));
    await consumer.subscribe({ topic: 'orders', fromBeginning: true });
    const received: EachMessagePayload[] = [];
    await consumer.run({
      eachMessage: (payload) => {
        received.push(payload);
        return Promise.resolve();
      },
    });
    await pollUntil(() => received.length === 3);

    const byValue = new Map(received.map((r) => [r.message.value?.toString(), r]));
    expect([...byValue.keys()].sort()).toEqual(['first', 'second', 'third']);
    const first = byValue.get('first')!;
    expect(first.message.key?.toString()).toBe('k1');
    expect(first.message.headers?.source?.toString()).toBe('test');
    expect(first.message.headers?.trace).toEqual(Buffer.from([1, 2]));
    expect(byValue.get('second')!.partition).toBe(1);
    // Same key, same partition, in order.
    expect(byValue.get('third')!.partition).toBe(first.partition);
    expect(Number(byValue.get('third')!.message.offset)).toBeGreaterThan(Number(first.message.offset));
  });

  it('produces a gzip-compressed batch that is stored as sent and read back', async () => {
    const kafka = await kafkaFor();
    const producer = await connected(kafka.producer());
    await producer.send({
      topic: 'zipped',
      compression: CompressionTypes.GZIP,
      messages: [
        { key: 'a', value: 'one' },
        { key: 'a', value: 'two' },
      ],
    });
    const consumer = await connected(kafka.consumer({ groupId: 'unzip', maxWaitTimeInMs: 100 }));
    await consumer.subscribe({ topic: 'zipped', fromBeginning: true });
    const values: string[] = [];
    await consumer.run({
      eachMessage: ({ message }) => {
        values.push(String(message.value));
        return Promise.resolve();
      },
    });
    await pollUntil(() => values.length === 2);
    expect(values).toEqual(['one', 'two']);
  });
});
