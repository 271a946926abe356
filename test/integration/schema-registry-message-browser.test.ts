// The admin message browser decodes values through the broker's own registry: an Avro record and
// a Protobuf message registered with a Confluent client show their schema id and decoded value;
// a plain value is shown as stored.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../../testing/index.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());

it('shows schema id, type and decoded value for registry-encoded values', async () => {
  const registry = new SchemaRegistry({ host: broker.schemaRegistryUrl });
  const avro = await registry.register(
    {
      type: SchemaType.AVRO,
      schema: JSON.stringify({ type: 'record', name: 'Tick', fields: [{ name: 'price', type: 'long' }] }),
    },
    { subject: 'ticks-value' },
  );
  const proto = await registry.register(
    { type: SchemaType.PROTOBUF, schema: 'syntax = "proto3";\nmessage Quote { string symbol = 1; }\n' },
    { subject: 'quotes-value' },
  );
  await broker.createTopic('ticks', 1);
  await broker.produce('ticks', [
    { value: await registry.encode(avro.id, { price: 42 }) },
    { value: await registry.encode(proto.id, { symbol: 'MB' }) },
    { value: 'plain' },
  ]);

  const response = await fetch(`${broker.schemaRegistryUrl}/api/topics/ticks/messages?from=oldest&partition=0`);
  const { messages } = (await response.json()) as { messages: Record<string, unknown>[] };
  expect(messages.map(({ schemaId, schemaType, decodedValue }) => ({ schemaId, schemaType, decodedValue }))).toEqual([
    { schemaId: avro.id, schemaType: 'AVRO', decodedValue: { price: 42 } },
    { schemaId: proto.id, schemaType: 'PROTOBUF', decodedValue: { symbol: 'MB' } },
    { schemaId: undefined, schemaType: undefined, decodedValue: undefined },
  ]);
});
