// Avro through avsc: references parsed first, canonical text without whitespace, and schema
// resolution as the compatibility check.
import { describe, expect, it } from 'vitest';
import { avroFormat } from '../../../server/schema-registry/avro-format.js';

const record = (fields: object[]) => JSON.stringify({ type: 'record', name: 'R', fields });
const issues = (reader: string, writer: string) =>
  avroFormat.readIssues(avroFormat.parse(reader, []), avroFormat.parse(writer, []));

describe('avroFormat', () => {
  it('parses with referenced named types, and refuses unknown ones', () => {
    const address = { name: 'Address', schema: record([{ name: 'city', type: 'string' }]).replace('"R"', '"Address"') };
    expect(() => avroFormat.parse(record([{ name: 'a', type: 'Address' }]), [address])).not.toThrow();
    expect(() => avroFormat.parse(record([{ name: 'a', type: 'Address' }]), [])).toThrow(/Address/);
  });

  it('canonicalises by removing whitespace, keeping the order of keys', () => {
    expect(avroFormat.canonical('{ "type" : "record",\n "name": "R", "fields": [] }')).toBe(
      '{"type":"record","name":"R","fields":[]}',
    );
  });

  it('reads old data with defaults and promotions, not without', () => {
    const old = record([{ name: 'a', type: 'int' }]);
    expect(issues(record([{ name: 'a', type: 'long' }]), old)).toEqual([]);
    expect(
      issues(
        record([
          { name: 'a', type: 'int' },
          { name: 'b', type: 'string', default: '' },
        ]),
        old,
      ),
    ).toEqual([]);
    expect(
      issues(
        record([
          { name: 'a', type: 'int' },
          { name: 'b', type: 'string' },
        ]),
        old,
      ),
    ).toHaveLength(1);
    expect(issues(record([{ name: 'a', type: 'string' }]), old)).toHaveLength(1);
    expect(issues(old, record([{ name: 'a', type: 'long' }]))).toHaveLength(1);
  });

  it('refuses schemas nested deeper than the bound', () => {
    const deep = '{"type":"array","items":'.repeat(100) + '"int"' + '}'.repeat(100);
    expect(() => avroFormat.parse(deep, [])).toThrow(/nests deeper/);
  });
});
