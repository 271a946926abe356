// The codec generator: comments stripped, fields outside the implemented versions dropped,
// ranges clamped, tagged and nullable fields described, struct types named after their message.
import { describe, expect, it } from 'vitest';
import { IMPLEMENTED_APIS, generateKafkaCodecs, parseDefinition } from '../../../scripts/lib/kafka-codecs.js';

const definition = (name: string, fields: string) => `// Licence header
{
  "apiKey": 3,
  "type": "${name.endsWith('Request') ? 'request' : 'response'}",
  "name": "${name}",
  // a comment line
  "validVersions": "0-20",
  "flexibleVersions": "9+",
  "fields": ${fields}
}`;

/** Every implemented API answered by one small definition; Metadata's is the one inspected. */
function read(name: string): string {
  if (name.startsWith('Metadata'))
    return definition(
      name,
      `[
      { "name": "Old", "type": "int32", "versions": "0-0" },
      { "name": "Topics", "type": "[]Topic", "versions": "0+", "nullableVersions": "1+", "fields": [
        { "name": "Name", "type": "string", "versions": "0+", "nullableVersions": "10+" }
      ]},
      { "name": "Cluster", "type": "string", "versions": "9+", "tag": 0, "taggedVersions": "9+", "default": "null", "nullableVersions": "9+" }
    ]`,
    );
  if (name.startsWith('EndTxn'))
    return definition(name, '[{ "name": "Topics", "type": "[]SharedTopic", "versions": "0+" }]').replace(
      '"fields":',
      '"commonStructs": [{ "name": "SharedTopic", "versions": "0+", "fields": [{ "name": "Name", "type": "string", "versions": "0+" }] }],\n  "fields":',
    );
  return definition(name, '[]');
}

describe('the Kafka codec generator', () => {
  it('parses definitions with // comments', () => {
    expect(parseDefinition(definition('XRequest', '[]')).validVersions).toBe('0-20');
  });

  it('keeps the fields of the implemented versions, with ranges clamped to them', () => {
    const files = generateKafkaCodecs(read);
    const metadata = files.get('metadata.ts')!;
    const [min, max] = IMPLEMENTED_APIS.Metadata!;
    expect(metadata).not.toContain('"old"');
    expect(metadata).toContain(`versions: [${min}, ${max}]`);
    expect(metadata).toContain(`nullableVersions: [${min}, ${max}]`);
    expect(metadata).toContain(
      `{ name: "name", type: "string", array: false, versions: [${min}, ${max}], nullableVersions: [10, ${max}] }`,
    );
    expect(metadata).toContain(`tag: 0, taggedVersions: [9, ${max}], default: null`);
    expect(metadata).toContain('export interface MetadataRequestTopic {\n  name: string | null;\n}');
    expect(metadata).toContain('topics: MetadataRequestTopic[] | null;');
    expect(metadata).toContain('flexibleFrom: 9,');
  });

  it('resolves struct types declared once in commonStructs', () => {
    const endTxn = generateKafkaCodecs(read).get('end-txn.ts')!;
    expect(endTxn).toContain('export interface EndTxnRequestSharedTopic {\n  name: string;\n}');
    expect(endTxn).toContain('topics: EndTxnRequestSharedTopic[];');
  });

  it('refuses a struct type with neither inline fields nor a common struct', () => {
    const unknown = (name: string) =>
      name.startsWith('EndTxn')
        ? definition(name, '[{ "name": "T", "type": "[]Missing", "versions": "0+" }]')
        : read(name);
    expect(() => generateKafkaCodecs(unknown)).toThrow(/struct Missing has no fields/);
  });

  it('lists every implemented API in the index, and the consumer protocol in its own file', () => {
    const files = generateKafkaCodecs(read);
    for (const name of Object.keys(IMPLEMENTED_APIS)) expect(files.get('index.ts')).toContain(`  ${name}: { key:`);
    expect(files.has('consumer-protocol.ts')).toBe(true);
  });

  it('refuses implemented versions the definition does not have', () => {
    const narrow = (name: string) => read(name).replace('"0-20"', '"0-1"');
    expect(() => generateKafkaCodecs(narrow)).toThrow(/are not all valid/);
  });
});
