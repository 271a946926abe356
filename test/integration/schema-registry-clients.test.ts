// The two Confluent registry clients, unchanged, against the broker's registry: register a schema,
// encode with it, produce through our SDK, consume through our SDK, decode.
import { SchemaRegistry as KafkaJsRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import {
  AvroDeserializer,
  AvroSerializer,
  JsonDeserializer,
  JsonSerializer,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../client-sdk/index.js';
import { startTestBroker, type TestBroker } from '../../testing/index.js';

let broker: TestBroker;
let client: Client;
beforeAll(async () => {
  broker = await startTestBroker();
  client = new Client({ clientId: 'registry-test', brokers: broker.brokers, logLevel: 'nothing' });
});
afterEach(() => broker.reset());
afterAll(() => broker.close());

/** Produces the values through the SDK and reads them back through an SDK consumer. */
async function roundTrip(topic: string, values: Buffer[]): Promise<Buffer[]> {
  const producer = client.producer();
  await producer.connect();
  await producer.send({ topic, messages: values.map((value) => ({ value })) });
  await producer.disconnect();
  const consumer = client.consumer({ groupId: `${topic}-reader`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  const seen: Buffer[] = [];
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      seen.push(message.value!);
      if (seen.length === values.length) done();
      return Promise.resolve();
    },
  });
  await all;
  await consumer.disconnect();
  return seen;
}

const userSchema = {
  type: 'record',
  name: 'User',
  namespace: 'com.example',
  fields: [
    { name: 'name', type: 'string' },
    { name: 'age', type: 'int' },
  ],
};

describe('@kafkajs/confluent-schema-registry', () => {
  it('registers an Avro schema, encodes, and decodes what went through the broker', async () => {
    const registry = new KafkaJsRegistry({ host: broker.schemaRegistryUrl });
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(userSchema) },
      { subject: 'users-value' },
    );
    const encoded = await registry.encode(id, { name: 'Ann', age: 41 });
    expect(encoded[0]).toBe(0);
    expect(encoded.readInt32BE(1)).toBe(id);

    const [received] = await roundTrip('users', [encoded]);
    // A fresh client has nothing cached: decoding fetches the schema by id from the broker.
    const fresh = new KafkaJsRegistry({ host: broker.schemaRegistryUrl });
    expect({ ...(await fresh.decode(received!)) }).toEqual({ name: 'Ann', age: 41 });
    expect(await fresh.getLatestSchemaId('users-value')).toBe(id);
    expect(await fresh.getRegistryId('users-value', 1)).toBe(id);
  });

  it('registers JSON and Protobuf schemas and decodes their values', async () => {
    const registry = new KafkaJsRegistry({ host: broker.schemaRegistryUrl });
    const json = await registry.register(
      {
        type: SchemaType.JSON,
        schema: JSON.stringify({ type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] }),
      },
      { subject: 'items-value' },
    );
    const proto = await registry.register(
      {
        type: SchemaType.PROTOBUF,
        schema: 'syntax = "proto3";\npackage shop;\nmessage Order {\n  string id = 1;\n  int32 quantity = 2;\n}\n',
      },
      { subject: 'orders-value' },
    );
    expect(proto.id).not.toBe(json.id);
    const values = [
      await registry.encode(json.id, { sku: 'A-1' }),
      await registry.encode(proto.id, { id: 'o-7', quantity: 3 }),
    ];
    const received = await roundTrip('mixed', values);
    const fresh = new KafkaJsRegistry({ host: broker.schemaRegistryUrl });
    expect(await fresh.decode(received[0]!)).toEqual({ sku: 'A-1' });
    expect({ ...(await fresh.decode(received[1]!)) }).toEqual({ id: 'o-7', quantity: 3 });
  });

  it('registers a schema that references another subject', async () => {
    const registry = new KafkaJsRegistry({ host: broker.schemaRegistryUrl });
    const address = {
      type: 'record',
      name: 'Address',
      namespace: 'com.example',
      fields: [{ name: 'city', type: 'string' }],
    };
    await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(address) }, { subject: 'address' });
    const customer = {
      type: 'record',
      name: 'Customer',
      namespace: 'com.example',
      fields: [
        { name: 'name', type: 'string' },
        { name: 'address', type: 'com.example.Address' },
      ],
    };
    const { id } = await registry.register(
      {
        type: SchemaType.AVRO,
        schema: JSON.stringify(customer),
        references: [{ name: 'com.example.Address', subject: 'address', version: 1 }],
      },
      { subject: 'customers-value' },
    );
    const [received] = await roundTrip('customers', [
      await registry.encode(id, { name: 'Bo', address: { city: 'Oslo' } }),
    ]);
    const fresh = new KafkaJsRegistry({ host: broker.schemaRegistryUrl });
    expect(JSON.parse(JSON.stringify(await fresh.decode(received!)))).toEqual({
      name: 'Bo',
      address: { city: 'Oslo' },
    });
  });
});

describe('@confluentinc/schemaregistry', () => {
  it('serializes with the latest registered schema and deserializes Avro through the broker', async () => {
    const registry = new SchemaRegistryClient({ baseURLs: [broker.schemaRegistryUrl] });
    const serializer = new AvroSerializer(registry, SerdeType.VALUE, { useLatestVersion: true });
    await registry.register('people-value', { schemaType: 'AVRO', schema: JSON.stringify(userSchema) });
    const encoded = await serializer.serialize('people', { name: 'Cy', age: 7 });
    const [received] = await roundTrip('people', [encoded]);
    const fresh = new SchemaRegistryClient({ baseURLs: [broker.schemaRegistryUrl] });
    const deserializer = new AvroDeserializer(fresh, SerdeType.VALUE, {});
    expect({ ...(await deserializer.deserialize('people', received!)) }).toEqual({ name: 'Cy', age: 7 });
    expect((await fresh.getLatestSchemaMetadata('people-value')).version).toBe(1);
  });

  it('serializes and deserializes JSON values', async () => {
    const registry = new SchemaRegistryClient({ baseURLs: [broker.schemaRegistryUrl] });
    await registry.register('events-value', {
      schemaType: 'JSON',
      schema: JSON.stringify({ type: 'object', properties: { kind: { type: 'string' } } }),
    });
    const jsonSerializer = new JsonSerializer(registry, SerdeType.VALUE, { useLatestVersion: true });
    const encoded = await jsonSerializer.serialize('events', { kind: 'click' });
    const [received] = await roundTrip('events', [encoded]);
    const jsonDeserializer = new JsonDeserializer(
      new SchemaRegistryClient({ baseURLs: [broker.schemaRegistryUrl] }),
      SerdeType.VALUE,
      {},
    );
    expect(await jsonDeserializer.deserialize('events', received!)).toEqual({ kind: 'click' });
  });

  it('reads compatibility, tests it, and deletes through the client', async () => {
    const registry = new SchemaRegistryClient({ baseURLs: [broker.schemaRegistryUrl] });
    await registry.register('c-value', { schemaType: 'AVRO', schema: JSON.stringify(userSchema) });
    expect(await registry.getDefaultCompatibility()).toBe('BACKWARD');
    const narrowed = { ...userSchema, fields: [...userSchema.fields, { name: 'email', type: 'string' }] };
    expect(
      await registry.testSubjectCompatibility('c-value', { schemaType: 'AVRO', schema: JSON.stringify(narrowed) }),
    ).toBe(false);
    expect(await registry.getAllSubjects()).toEqual(['c-value']);
    expect(await registry.deleteSubject('c-value')).toEqual([1]);
    expect(await registry.deleteSubject('c-value', true)).toEqual([1]);
    expect(await registry.getAllSubjects()).toEqual([]);
  });
});
