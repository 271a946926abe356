// The example of docs/schema-registry.md, verbatim but for import paths: it must stay green.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Client } from '../../client-sdk/index.js';
import { startTestBroker, type TestBroker } from '../../testing/index.js';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

// The service: registers its schema once, then publishes Avro-encoded payments.
async function paymentPublisher(registryUrl: string, brokers: string[]) {
  const registry = new SchemaRegistry({ host: registryUrl });
  const schema = JSON.stringify({
    type: 'record',
    name: 'Payment',
    namespace: 'shop',
    fields: [
      { name: 'id', type: 'string' },
      { name: 'cents', type: 'long' },
    ],
  });
  const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject: 'payments-value' });
  const producer = new Client({ clientId: 'payments', brokers }).producer();
  await producer.connect();
  return {
    publish: async (payment: { id: string; cents: number }) =>
      producer.send({ topic: 'payments', messages: [{ key: payment.id, value: await registry.encode(id, payment) }] }),
    close: () => producer.disconnect(),
  };
}

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterEach(() => broker.reset()); // topics, groups and registry subjects are gone
afterAll(() => broker.close());

it('publishes payments that decode with the registered schema', async () => {
  const publisher = await paymentPublisher(broker.schemaRegistryUrl, broker.brokers);
  await publisher.publish({ id: 'p-1', cents: 1250 });
  await publisher.close();

  const [record] = await broker.consumeN('payments', 1);
  const registry = new SchemaRegistry({ host: broker.schemaRegistryUrl });
  expect({ ...(await registry.decode(record!.value!)) }).toEqual({ id: 'p-1', cents: 1250 });
});
