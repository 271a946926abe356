// The console's value decoder: Confluent's wire format (magic byte, schema id, Protobuf message
// indexes) decoded through a registry over an in-memory database.
import avro from 'avsc';
import Database from 'better-sqlite3';
import protobuf from 'protobufjs';
import { beforeEach, describe, expect, it } from 'vitest';
import { RegistryValueDecoder } from '../../../server/schema-registry/registry-value-decoder.js';
import { SchemaRegistry } from '../../../server/schema-registry/schema-registry.js';
import { applyMigrations } from '../../../server/storage/migrations.js';
import { SqliteSchemaStore } from '../../../server/storage/schema-store.js';

let registry: SchemaRegistry;
let decoder: RegistryValueDecoder;
beforeEach(() => {
  const db = new Database(':memory:');
  applyMigrations(db);
  registry = new SchemaRegistry(new SqliteSchemaStore(db));
  decoder = new RegistryValueDecoder(registry);
});

const framed = (id: number, ...parts: Uint8Array[]) => {
  const header = Buffer.alloc(5);
  header.writeInt32BE(id, 1);
  return Buffer.concat([header, ...parts]);
};

describe('RegistryValueDecoder', () => {
  it('decodes Avro and JSON values', async () => {
    const schema = { type: 'record', name: 'User', fields: [{ name: 'name', type: 'string' }] };
    const { id } = registry.register('users', { schema: JSON.stringify(schema) });
    const payload = avro.Type.forSchema(schema as avro.Schema).toBuffer({ name: 'Ann' });
    expect(await decoder.decode(framed(id, payload))).toEqual({
      schemaId: id,
      schemaType: 'AVRO',
      value: expect.objectContaining({ name: 'Ann' }) as unknown,
    });

    const json = registry.register('items', { schemaType: 'JSON', schema: '{"type":"object"}' });
    expect(await decoder.decode(framed(json.id, Buffer.from('{"sku":"A"}')))).toEqual({
      schemaId: json.id,
      schemaType: 'JSON',
      value: { sku: 'A' },
    });
  });

  it('decodes Protobuf values by their message indexes', async () => {
    const text =
      'syntax = "proto3";\nmessage A { string a = 1; }\nmessage B { int32 b = 1; message C { bool c = 1; } }';
    const { id } = registry.register('pb', { schemaType: 'PROTOBUF', schema: text });
    const root = protobuf.parse(text, { keepCase: true }).root;
    const encode = (name: string, value: object) => root.lookupType(name).encode(value).finish();
    const indexes = (...list: number[]) => {
      const writer = protobuf.Writer.create().sint32(list.length);
      for (const index of list) writer.sint32(index);
      return writer.finish();
    };
    // A count of 0 is the first message.
    expect((await decoder.decode(framed(id, indexes(), encode('A', { a: 'x' }))))?.value).toEqual({ a: 'x' });
    expect((await decoder.decode(framed(id, indexes(1), encode('B', { b: 7 }))))?.value).toEqual({ b: 7 });
    expect((await decoder.decode(framed(id, indexes(1, 0), encode('B.C', { c: true }))))?.value).toEqual({ c: true });
    // Without message indexes (as @kafkajs/confluent-schema-registry writes), the first message.
    expect((await decoder.decode(framed(id, encode('A', { a: 'x' }))))?.value).toEqual({ a: 'x' });
    expect(await decoder.decode(framed(id, indexes(5), Buffer.from([0xff])))).toBeUndefined();
  });

  it('leaves alone what is not in the wire format, an unknown id, or a payload that does not decode', async () => {
    const { id } = registry.register('n', { schema: '"long"' });
    expect(await decoder.decode(Buffer.from('plain text'))).toBeUndefined();
    expect(await decoder.decode(Buffer.from([0, 0, 0]))).toBeUndefined();
    expect(await decoder.decode(framed(id + 100, Buffer.from([2])))).toBeUndefined();
    expect(await decoder.decode(framed(id, Buffer.from([0xff, 0xff])))).toBeUndefined();
    expect(await decoder.decode(framed(id, Buffer.from([2]))).then((d) => d?.value)).toBe(1);
  });
});
