// Every route of the schema registry over HTTP: its answers and its errors, with Confluent's codes
// (40401 subject, 40402 version, 40403 schema not found; 42201 invalid schema; 42202 invalid
// version; 409 incompatible; 40404/40405/40406/40407/42206 for deletes; 40408 no subject config).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type Broker } from '../../server/broker.js';
import { avroRecord, confluentError, registryClient } from '../helpers/schema-registry.js';

let broker: Broker;
let sr: ReturnType<typeof registryClient>;
beforeAll(async () => {
  broker = await startBroker({ port: 0, httpPort: 0 });
  sr = registryClient(broker.adminUrl!);
});
afterEach(() => broker.services.schemaRegistry.clear());
afterAll(() => broker.close());

const v1 = avroRecord('User', [{ name: 'name', type: 'string' }]);
const v2 = avroRecord('User', [
  { name: 'name', type: 'string' },
  { name: 'age', type: 'int', default: 0 },
]);

describe('registering and reading', () => {
  it('answers in the registry content type with ids, versions and schemas', async () => {
    const first = await sr('POST', '/subjects/s/versions', v1);
    expect(first).toMatchObject({ status: 200, contentType: 'application/vnd.schemaregistry.v1+json' });
    const { id } = first.body as { id: number };
    expect((await sr('POST', '/subjects/s/versions', v2)).body).toEqual({ id: id + 1 });
    expect((await sr('GET', '/subjects')).body).toEqual(['s']);
    expect((await sr('GET', '/subjects/s/versions')).body).toEqual([1, 2]);
    expect((await sr('GET', '/subjects/s/versions/1')).body).toEqual({
      subject: 's',
      version: 1,
      id,
      schema: JSON.stringify(JSON.parse(v1.schema)),
    });
    expect((await sr('GET', '/subjects/s/versions/latest')).body).toMatchObject({ version: 2, id: id + 1 });
    expect((await sr('GET', '/subjects/s/versions/-1')).body).toMatchObject({ version: 2 });
    expect((await sr('GET', '/subjects/s/versions/1/schema')).body).toEqual(JSON.parse(v1.schema));
    expect((await sr('GET', `/schemas/ids/${id}`)).body).toEqual({ schema: JSON.stringify(JSON.parse(v1.schema)) });
    expect((await sr('GET', `/schemas/ids/${id}/schema`)).body).toEqual(JSON.parse(v1.schema));
    expect((await sr('GET', `/schemas/ids/${id}/versions`)).body).toEqual([{ subject: 's', version: 1 }]);
    expect((await sr('GET', `/schemas/ids/${id}/subjects`)).body).toEqual(['s']);
    expect((await sr('GET', '/schemas/types')).body).toEqual(['JSON', 'PROTOBUF', 'AVRO']);
    expect((await sr('GET', '/subjects?subjectPrefix=x')).body).toEqual([]);
  });

  it('gives the same schema the same id, under the same subject or another, however it is spaced', async () => {
    const { id } = (await sr('POST', '/subjects/a/versions', v1)).body as { id: number };
    const respaced = { schema: JSON.stringify(JSON.parse(v1.schema), null, 2) };
    expect((await sr('POST', '/subjects/a/versions', respaced)).body).toEqual({ id });
    expect((await sr('GET', '/subjects/a/versions')).body).toEqual([1]);
    expect((await sr('POST', '/subjects/b/versions', v1)).body).toEqual({ id });
    expect((await sr('GET', `/schemas/ids/${id}/subjects`)).body).toEqual(['a', 'b']);
  });

  it('looks a schema up under a subject: 40401 without the subject, 40403 without the schema', async () => {
    const { id } = (await sr('POST', '/subjects/s/versions', v1)).body as { id: number };
    expect((await sr('POST', '/subjects/s', v1)).body).toMatchObject({ subject: 's', version: 1, id });
    expect(await sr('POST', '/subjects/s', v2)).toMatchObject({ status: 404, body: confluentError(40403) });
    expect(await sr('POST', '/subjects/other', v1)).toMatchObject({ status: 404, body: confluentError(40401) });
  });

  it('refuses what is not a schema with 42201, and a malformed body with 400', async () => {
    for (const body of [
      { schema: '{not json' },
      { schema: '{"type":"record","name":"R","fields":[{"name":"x","type":"nosuchtype"}]}' },
      { schema: '' },
      { schema: 42 },
      { schema: '"string"', schemaType: 'XML' },
      { schema: '[1]', schemaType: 'JSON' },
      { schema: 'message {', schemaType: 'PROTOBUF' },
      { schema: '"string"', references: [{ name: 'x', subject: 'missing', version: 1 }] },
      { schema: '"string"', references: [{ name: 'x' }] },
      ['not', 'an', 'object'],
    ]) {
      expect(await sr('POST', '/subjects/s/versions', body)).toMatchObject({
        status: 422,
        body: confluentError(42201),
      });
    }
    expect(await sr('POST', '/subjects/s/versions', '{oops')).toMatchObject({ status: 400, body: confluentError(400) });
    // Hostile nesting is refused (or fails to parse), never recursed into until the stack runs out.
    const nested = (open: string, inner: string, close: string, depth: number) =>
      open.repeat(depth) + inner + close.repeat(depth);
    expect(
      await sr('POST', '/subjects/s/versions', { schemaType: 'JSON', schema: nested('{"items":', 'true', '}', 5000) }),
    ).toMatchObject({ status: 422, body: { message: expect.stringMatching(/nests deeper/) as unknown } });
    expect(
      await sr('POST', '/subjects/s/versions', { schema: nested('{"type":"array","items":', '"int"', '}', 20_000) }),
    ).toMatchObject({ status: 422, body: { message: expect.stringMatching(/nests deeper/) as unknown } });
    expect((await sr('GET', '/subjects')).body).toEqual([]);
  });

  it('answers 40401, 40402, 42202 and 40403 for what does not exist', async () => {
    expect(await sr('GET', '/subjects/none/versions')).toMatchObject({ status: 404, body: confluentError(40401) });
    expect(await sr('GET', '/subjects/none/versions/1')).toMatchObject({ status: 404, body: confluentError(40401) });
    await sr('POST', '/subjects/s/versions', v1);
    expect(await sr('GET', '/subjects/s/versions/9')).toMatchObject({ status: 404, body: confluentError(40402) });
    for (const bad of ['0', 'x', '1.5', '99999999999'])
      expect(await sr('GET', `/subjects/s/versions/${bad}`)).toMatchObject({
        status: 422,
        body: confluentError(42202),
      });
    for (const path of ['/schemas/ids/999', '/schemas/ids/abc', '/schemas/ids/999/schema', '/schemas/ids/999/versions'])
      expect(await sr('GET', path)).toMatchObject({ status: 404, body: confluentError(40403) });
  });

  it('takes long subject names, and refuses an invalid one with 42208', async () => {
    const long = `orders-${'com.example.'.repeat(30)}Order`;
    expect((await sr('POST', `/subjects/${long}/versions`, v1)).status).toBe(200);
    expect((await sr('GET', `/subjects/${long}/versions`)).body).toEqual([1]);
    expect(await sr('GET', `/subjects/${'x'.repeat(1001)}/versions`)).toMatchObject({
      status: 422,
      body: confluentError(42208),
    });
    expect(await sr('GET', '/subjects/a%01b/versions')).toMatchObject({ status: 422, body: confluentError(42208) });
  });
});

describe('deletes', () => {
  it('soft-deletes a subject, then deletes it permanently only after that (40405, 40404, 40401)', async () => {
    await sr('POST', '/subjects/s/versions', v1);
    await sr('POST', '/subjects/s/versions', v2);
    expect(await sr('DELETE', '/subjects/s?permanent=true')).toMatchObject({
      status: 404,
      body: confluentError(40405),
    });
    expect((await sr('DELETE', '/subjects/s')).body).toEqual([1, 2]);
    expect((await sr('GET', '/subjects')).body).toEqual([]);
    expect((await sr('GET', '/subjects?deleted=true')).body).toEqual(['s']);
    expect((await sr('GET', '/subjects/s/versions?deleted=true')).body).toEqual([1, 2]);
    expect((await sr('GET', '/subjects/s/versions/1?deleted=true')).body).toMatchObject({ version: 1 });
    expect(await sr('GET', '/subjects/s/versions/1')).toMatchObject({ status: 404, body: confluentError(40401) });
    expect(await sr('DELETE', '/subjects/s')).toMatchObject({ status: 404, body: confluentError(40404) });
    expect((await sr('DELETE', '/subjects/s?permanent=true')).body).toEqual([1, 2]);
    expect(await sr('DELETE', '/subjects/s')).toMatchObject({ status: 404, body: confluentError(40401) });
  });

  it('soft-deletes a version, then deletes it permanently only after that (40407, 40406, 40402)', async () => {
    const { id } = (await sr('POST', '/subjects/s/versions', v1)).body as { id: number };
    await sr('POST', '/subjects/s/versions', v2);
    expect(await sr('DELETE', '/subjects/s/versions/1?permanent=true')).toMatchObject({
      status: 404,
      body: confluentError(40407),
    });
    expect((await sr('DELETE', '/subjects/s/versions/1')).body).toBe(1);
    expect(await sr('DELETE', '/subjects/s/versions/1')).toMatchObject({ status: 404, body: confluentError(40406) });
    expect((await sr('GET', '/subjects/s/versions')).body).toEqual([2]);
    // A soft-deleted version's schema still decodes old records.
    expect((await sr('GET', `/schemas/ids/${id}`)).status).toBe(200);
    expect((await sr('DELETE', '/subjects/s/versions/1?permanent=true')).body).toBe(1);
    expect(await sr('GET', `/schemas/ids/${id}`)).toMatchObject({ status: 404, body: confluentError(40403) });
    expect(await sr('DELETE', '/subjects/s/versions/7')).toMatchObject({ status: 404, body: confluentError(40402) });
    expect(await sr('DELETE', '/subjects/s/versions/zero')).toMatchObject({ status: 422, body: confluentError(42202) });
    expect(await sr('DELETE', '/subjects/none/versions/1')).toMatchObject({ status: 404, body: confluentError(40401) });
    // The next version counts on from the highest ever given.
    expect((await sr('POST', '/subjects/s/versions', v1)).body).toEqual({ id });
    expect((await sr('GET', '/subjects/s/versions')).body).toEqual([2, 3]);
  });

  it('keeps a version another schema references (42206) and lists who references it', async () => {
    await sr('POST', '/subjects/address/versions', avroRecord('Address', [{ name: 'city', type: 'string' }]));
    const { id } = (
      await sr('POST', '/subjects/customer/versions', {
        ...avroRecord('Customer', [{ name: 'address', type: 'Address' }]),
        references: [{ name: 'Address', subject: 'address', version: 1 }],
      })
    ).body as { id: number };
    expect((await sr('GET', '/subjects/address/versions/1/referencedby')).body).toEqual([id]);
    expect((await sr('GET', `/schemas/ids/${id}`)).body).toMatchObject({
      references: [{ name: 'Address', subject: 'address', version: 1 }],
    });
    expect(await sr('DELETE', '/subjects/address')).toMatchObject({ status: 422, body: confluentError(42206) });
    expect(await sr('DELETE', '/subjects/address/versions/1')).toMatchObject({
      status: 422,
      body: confluentError(42206),
    });
    await sr('DELETE', '/subjects/customer');
    expect((await sr('DELETE', '/subjects/address')).body).toEqual([1]);
  });
});

describe('compatibility settings and checks', () => {
  it('reads and sets the global and subject levels (40408, 42203)', async () => {
    expect((await sr('GET', '/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect(await sr('GET', '/config/s')).toMatchObject({ status: 404, body: confluentError(40408) });
    expect((await sr('GET', '/config/s?defaultToGlobal=true')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect((await sr('PUT', '/config/s', { compatibility: 'FULL_TRANSITIVE' })).body).toEqual({
      compatibility: 'FULL_TRANSITIVE',
    });
    expect((await sr('GET', '/config/s')).body).toEqual({ compatibilityLevel: 'FULL_TRANSITIVE' });
    expect((await sr('DELETE', '/config/s')).body).toEqual({ compatibilityLevel: 'FULL_TRANSITIVE' });
    expect(await sr('DELETE', '/config/s')).toMatchObject({ status: 404, body: confluentError(40408) });
    expect((await sr('PUT', '/config', { compatibility: 'none' })).body).toEqual({ compatibility: 'NONE' });
    expect((await sr('DELETE', '/config')).body).toEqual({ compatibilityLevel: 'NONE' });
    expect((await sr('GET', '/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    for (const body of [{ compatibility: 'SOMETIMES' }, { compatibility: 3 }, {}])
      expect(await sr('PUT', '/config/s', body)).toMatchObject({ status: 422, body: confluentError(42203) });
    expect(await sr('PUT', '/config', 'null')).toMatchObject({ status: 400, body: confluentError(400) });
  });

  it('tests compatibility against a version, the latest, or what the level names', async () => {
    await sr('POST', '/subjects/s/versions', v1);
    const breaking = avroRecord('User', [{ name: 'name', type: 'int' }]);
    expect((await sr('POST', '/compatibility/subjects/s/versions/latest', v2)).body).toEqual({ is_compatible: true });
    expect((await sr('POST', '/compatibility/subjects/s/versions/1', breaking)).body).toEqual({ is_compatible: false });
    const verbose = (await sr('POST', '/compatibility/subjects/s/versions?verbose=true', breaking)).body as {
      messages: string[];
    };
    expect(verbose.messages.length).toBeGreaterThan(0);
    expect((await sr('POST', '/compatibility/subjects/fresh/versions/latest', breaking)).body).toEqual({
      is_compatible: true,
    });
    expect(await sr('POST', '/compatibility/subjects/s/versions/5', v2)).toMatchObject({
      status: 404,
      body: confluentError(40402),
    });
    expect(await sr('POST', '/compatibility/subjects/s/versions/latest', { schema: '{' })).toMatchObject({
      status: 422,
      body: confluentError(42201),
    });
  });

  it('refuses an incompatible schema with 409 and registers nothing', async () => {
    await sr('POST', '/subjects/s/versions', v1);
    const reply = await sr('POST', '/subjects/s/versions', avroRecord('User', [{ name: 'name', type: 'int' }]));
    expect(reply).toMatchObject({ status: 409, body: confluentError(409) });
    expect((await sr('GET', '/subjects/s/versions')).body).toEqual([1]);
  });
});

describe('modes', () => {
  it('reads and sets modes; READONLY refuses writes with 42205 (40409, 42204)', async () => {
    expect((await sr('GET', '/mode')).body).toEqual({ mode: 'READWRITE' });
    expect(await sr('GET', '/mode/s')).toMatchObject({ status: 404, body: confluentError(40409) });
    expect((await sr('GET', '/mode/s?defaultToGlobal=true')).body).toEqual({ mode: 'READWRITE' });
    expect((await sr('PUT', '/mode/s', { mode: 'READONLY' })).body).toEqual({ mode: 'READONLY' });
    expect(await sr('POST', '/subjects/s/versions', v1)).toMatchObject({ status: 422, body: confluentError(42205) });
    expect((await sr('POST', '/subjects/t/versions', v1)).status).toBe(200);
    expect((await sr('PUT', '/mode', { mode: 'READONLY' })).body).toEqual({ mode: 'READONLY' });
    expect(await sr('DELETE', '/subjects/t')).toMatchObject({ status: 422, body: confluentError(42205) });
    expect((await sr('DELETE', '/mode')).body).toEqual({ mode: 'READONLY' });
    expect((await sr('DELETE', '/mode/s')).body).toEqual({ mode: 'READONLY' });
    expect((await sr('POST', '/subjects/s/versions', v1)).status).toBe(200);
    expect(await sr('PUT', '/mode', { mode: 'SOMETIMES' })).toMatchObject({ status: 422, body: confluentError(42204) });
  });

  it('IMPORT mode registers with given ids and versions, keeps each id to its schema, and needs an empty subject', async () => {
    await sr('POST', '/subjects/used/versions', v1);
    expect(await sr('PUT', '/mode/used', { mode: 'IMPORT' })).toMatchObject({
      status: 422,
      body: confluentError(42205),
    });
    expect((await sr('PUT', '/mode/used?force=true', { mode: 'IMPORT' })).body).toEqual({ mode: 'IMPORT' });
    expect(await sr('POST', '/subjects/s/versions', { ...v1, id: 100 })).toMatchObject({
      status: 422,
      body: confluentError(42205),
    });

    expect((await sr('PUT', '/mode/copy', { mode: 'IMPORT' })).body).toEqual({ mode: 'IMPORT' });
    // Schemas no other test registered (schema ids outlive clear()).
    const first = avroRecord('Imported', [{ name: 'n', type: 'string' }]);
    const breaking = avroRecord('Imported', [{ name: 'n', type: 'int' }]);
    expect((await sr('POST', '/subjects/copy/versions', { ...first, id: 100, version: 5 })).body).toEqual({ id: 100 });
    // No compatibility check while importing; the same call again is a no-op.
    expect((await sr('POST', '/subjects/copy/versions', { ...breaking, id: 101, version: 6 })).body).toEqual({
      id: 101,
    });
    expect((await sr('POST', '/subjects/copy/versions', { ...first, id: 100, version: 5 })).body).toEqual({ id: 100 });
    expect((await sr('GET', '/subjects/copy/versions/5')).body).toMatchObject({ id: 100, version: 5 });
    for (const clash of [
      { ...avroRecord('Newcomer', []), id: 100 }, // the id belongs to another schema
      { ...first, id: 102 }, // the schema already has id 100
      { ...avroRecord('Other', []), id: 103, version: 5 }, // version 5 is taken
    ])
      expect(await sr('POST', '/subjects/copy/versions', clash)).toMatchObject({
        status: 422,
        body: confluentError(42205),
      });
    expect(await sr('POST', '/subjects/copy/versions', { ...v1, id: 0 })).toMatchObject({
      status: 422,
      body: confluentError(42201),
    });

    await sr('DELETE', '/mode/copy');
    // Ids given automatically go on above the imported ones.
    const { id } = (await sr('POST', '/subjects/fresh/versions', avroRecord('Fresh', []))).body as { id: number };
    expect(id).toBeGreaterThan(101);
  });
});
