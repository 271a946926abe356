// Compatibility levels over HTTP with @kafkajs/confluent-schema-registry unchanged: an incompatible
// Avro evolution is refused under BACKWARD (the default) and accepted under NONE; the transitive
// levels look at every version; JSON Schema and Protobuf evolutions are checked too.
import { COMPATIBILITY, SchemaRegistry as KafkaJsRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../../testing/index.js';
import { avroRecord, confluentError, registryClient } from '../helpers/schema-registry.js';

let broker: TestBroker;
let sr: ReturnType<typeof registryClient>;
beforeAll(async () => {
  broker = await startTestBroker();
  sr = registryClient(broker.schemaRegistryUrl);
});
afterEach(() => broker.reset());
afterAll(() => broker.close());

const avro = (fields: { name: string; type: unknown; default?: unknown }[]) => ({
  type: SchemaType.AVRO as const,
  schema: avroRecord('Payment', fields).schema,
});

describe('Avro through @kafkajs/confluent-schema-registry', () => {
  it('refuses a field added without a default under BACKWARD, and accepts it under NONE', async () => {
    const registry = new KafkaJsRegistry({ host: broker.schemaRegistryUrl });
    const first = await registry.register(avro([{ name: 'amount', type: 'long' }]), { subject: 'payments-value' });
    const incompatible = avro([
      { name: 'amount', type: 'long' },
      { name: 'currency', type: 'string' },
    ]);
    await expect(registry.register(incompatible, { subject: 'payments-value' })).rejects.toThrow(/incompatible/);
    expect((await sr('GET', '/subjects/payments-value/versions')).body).toEqual([1]);

    expect((await sr('PUT', '/config/payments-value', { compatibility: 'NONE' })).status).toBe(200);
    const second = await registry.register(incompatible, {
      subject: 'payments-value',
      compatibility: COMPATIBILITY.NONE,
    });
    expect(second.id).toBeGreaterThan(first.id);
    expect((await sr('GET', '/subjects/payments-value/versions')).body).toEqual([1, 2]);
  });

  it('accepts a field added with a default under BACKWARD and FULL', async () => {
    const registry = new KafkaJsRegistry({ host: broker.schemaRegistryUrl });
    await registry.register(avro([{ name: 'amount', type: 'long' }]), {
      subject: 'p',
      compatibility: COMPATIBILITY.FULL,
    });
    const withDefault = avro([
      { name: 'amount', type: 'long' },
      { name: 'note', type: 'string', default: '' },
    ]);
    await registry.register(withDefault, { subject: 'p', compatibility: COMPATIBILITY.FULL });
    expect((await sr('GET', '/subjects/p/versions')).body).toEqual([1, 2]);
  });
});

describe('levels over the REST API', () => {
  it('FORWARD refuses removing a field without a default, which BACKWARD allows', async () => {
    await sr(
      'POST',
      '/subjects/f/versions',
      avro([
        { name: 'a', type: 'int' },
        { name: 'b', type: 'int' },
      ]),
    );
    await sr('PUT', '/config/f', { compatibility: 'FORWARD' });
    const fewer = avro([{ name: 'a', type: 'int' }]);
    expect(await sr('POST', '/subjects/f/versions', fewer)).toMatchObject({ status: 409, body: confluentError(409) });
    await sr('PUT', '/config/f', { compatibility: 'BACKWARD' });
    expect((await sr('POST', '/subjects/f/versions', fewer)).status).toBe(200);
  });

  it('BACKWARD_TRANSITIVE checks every version where BACKWARD checks the latest', async () => {
    const v1 = avro([{ name: 'a', type: 'int' }]);
    const v2 = avro([
      { name: 'a', type: 'int' },
      { name: 'b', type: 'string', default: 'x' },
    ]);
    // v3 reads v2's data (it has b) but not v1's: v1 has no b, and v3's b has no default.
    const v3 = avro([{ name: 'b', type: 'string' }]);
    for (const level of ['BACKWARD', 'BACKWARD_TRANSITIVE']) {
      const subject = `t-${level}`;
      await sr('PUT', `/config/${subject}`, { compatibility: level });
      await sr('POST', `/subjects/${subject}/versions`, v1);
      await sr('POST', `/subjects/${subject}/versions`, v2);
      expect((await sr('POST', `/subjects/${subject}/versions`, v3)).status).toBe(level === 'BACKWARD' ? 200 : 409);
    }
  });

  it('refuses a change of schema type unless the level is NONE', async () => {
    await sr('POST', '/subjects/x/versions', avro([{ name: 'a', type: 'int' }]));
    const json = { schemaType: 'JSON', schema: '{"type":"object"}' };
    expect(await sr('POST', '/subjects/x/versions', json)).toMatchObject({ status: 409 });
    await sr('PUT', '/config/x', { compatibility: COMPATIBILITY.NONE });
    expect((await sr('POST', '/subjects/x/versions', json)).status).toBe(200);
  });

  it('checks JSON Schema evolutions: a new required property is refused, an optional one in a closed model is not', async () => {
    const closed = (properties: object, required: string[] = []) => ({
      schemaType: 'JSON',
      schema: JSON.stringify({ type: 'object', properties, required, additionalProperties: false }),
    });
    await sr('POST', '/subjects/j/versions', closed({ id: { type: 'string' } }, ['id']));
    expect(
      await sr('POST', '/subjects/j/versions', closed({ id: { type: 'string' }, n: { type: 'integer' } }, ['id', 'n'])),
    ).toMatchObject({ status: 409 });
    expect(
      (await sr('POST', '/subjects/j/versions', closed({ id: { type: 'string' }, n: { type: 'integer' } }, ['id'])))
        .status,
    ).toBe(200);
  });

  it('checks Protobuf evolutions: a field kind change is refused, a new field is not', async () => {
    const proto = (fields: string) => ({
      schemaType: 'PROTOBUF',
      schema: `syntax = "proto3";\nmessage Reading {\n${fields}\n}\n`,
    });
    await sr('POST', '/subjects/pb/versions', proto('  string sensor = 1;\n  double value = 2;'));
    expect(await sr('POST', '/subjects/pb/versions', proto('  string sensor = 1;\n  string value = 2;'))).toMatchObject(
      {
        status: 409,
      },
    );
    expect(
      (await sr('POST', '/subjects/pb/versions', proto('  string sensor = 1;\n  double value = 2;\n  int64 at = 3;')))
        .status,
    ).toBe(200);
  });
});
