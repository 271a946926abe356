// The testing kit's registry: schemaRegistryUrl points a Confluent client at the test broker, and
// reset() clears subjects and settings between tests while ids already given keep their meaning.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../../testing/index.js';
import { avroRecord, registryClient } from '../helpers/schema-registry.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());

it('serves a registry at schemaRegistryUrl, and reset() clears its subjects and settings', async () => {
  expect(broker.schemaRegistryUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const registry = new SchemaRegistry({ host: broker.schemaRegistryUrl });
  const schema = avroRecord('Event', [{ name: 'at', type: 'long' }]).schema;
  const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject: 'events-value' });
  const sr = registryClient(broker.schemaRegistryUrl);
  await sr('PUT', '/config', { compatibility: 'NONE' });

  await broker.reset();
  expect((await sr('GET', '/subjects?deleted=true')).body).toEqual([]);
  expect((await sr('GET', '/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
  expect((await sr('GET', `/schemas/ids/${id}`)).status).toBe(404);
  // Registered again, the same schema gets the same id, so a client's cache stays right.
  const again = await new SchemaRegistry({ host: broker.schemaRegistryUrl }).register(
    { type: SchemaType.AVRO, schema },
    { subject: 'events-value' },
  );
  expect(again.id).toBe(id);
});

it('has no registry when started with httpPort: false, and says so', async () => {
  const bare = await startTestBroker({ httpPort: false });
  try {
    expect(() => bare.schemaRegistryUrl).toThrow(/httpPort: false/);
  } finally {
    await bare.close();
  }
});
