// SDK test fixtures: a broker on port 0 and a Client for it, with every producer, consumer and
// admin created through them disconnected (and the broker closed) after each test.
import { afterEach } from 'vitest';
import {
  Client,
  type Admin,
  type Consumer,
  type ConsumerConfig,
  type Producer,
  type ProducerConfig,
} from '../../client-sdk/index.js';
import type { StartBrokerOptions } from '../../server/index.js';
import { startTestBroker } from './broker.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

export async function setup(options: StartBrokerOptions = {}) {
  const broker = await startTestBroker(options);
  closers.push(() => broker.close());
  const client = new Client({
    clientId: 'sdk-test',
    brokers: broker.brokers,
    logLevel: 'nothing',
    retry: { retries: 3, initialRetryTime: 20 },
  });
  const track = <T extends { disconnect(): Promise<void> }>(x: T): T => (closers.push(() => x.disconnect()), x);
  return {
    broker,
    client,
    async admin(): Promise<Admin> {
      const admin = track(client.admin());
      await admin.connect();
      return admin;
    },
    async producer(config?: ProducerConfig): Promise<Producer> {
      const producer = track(client.producer(config));
      await producer.connect();
      return producer;
    },
    async consumer(config?: ConsumerConfig): Promise<Consumer> {
      const consumer = track(client.consumer({ maxWaitTimeInMs: 200, ...config }));
      await consumer.connect();
      return consumer;
    },
  };
}
