// JSON Schema reader/writer rules: what a reader must accept of the writer's data.
import { describe, expect, it } from 'vitest';
import { jsonSchemaFormat } from '../../../server/schema-registry/json-schema-format.js';

const parse = (schema: object | boolean) => jsonSchemaFormat.parse(JSON.stringify(schema), []);
const issues = (reader: object | boolean, writer: object | boolean) =>
  jsonSchemaFormat.readIssues(parse(reader), parse(writer));

describe('jsonSchemaFormat', () => {
  it('parses objects and booleans only', () => {
    expect(parse(true)).toBe(true);
    expect(() => jsonSchemaFormat.parse('[1]', [])).toThrow(/object or a boolean/);
    expect(() => jsonSchemaFormat.parse('"x"', [])).toThrow();
    expect(jsonSchemaFormat.canonical('{ "type" :  "string" }')).toBe('{"type":"string"}');
  });

  it('lets types widen (integer to number, more types) but not narrow', () => {
    expect(issues({ type: 'number' }, { type: 'integer' })).toEqual([]);
    expect(issues({ type: ['string', 'null'] }, { type: 'string' })).toEqual([]);
    expect(issues({ type: 'integer' }, { type: 'number' })).not.toEqual([]);
    expect(issues({ type: 'string' }, {})).not.toEqual([]);
    expect(issues({}, { type: 'string' })).toEqual([]);
  });

  it('lets an enum grow but not shrink', () => {
    expect(issues({ enum: ['a', 'b', 'c'] }, { enum: ['a', 'b'] })).toEqual([]);
    expect(issues({ enum: ['a'] }, { enum: ['a', 'b'] })).toEqual(['#: value "b" is no longer accepted']);
    expect(issues({ const: 1 }, { enum: [1] })).toEqual([]);
  });

  it('refuses a newly required property and limits that tighten', () => {
    expect(issues({ required: ['a', 'b'] }, { required: ['a'] })).toEqual(['#: property b is now required']);
    expect(issues({ required: ['a'] }, { required: ['a', 'b'] })).toEqual([]);
    expect(issues({ maxLength: 5 }, { maxLength: 10 })).toEqual(['#: maxLength lowered']);
    expect(issues({ maxLength: 10 }, { maxLength: 5 })).toEqual([]);
    expect(issues({ minimum: 1 }, {})).toEqual(['#: minimum raised']);
    expect(issues({ pattern: '^a' }, { pattern: '^b' })).toEqual(['#: pattern changed']);
  });

  it('follows open and closed content models for added and removed properties', () => {
    const open = (properties: object) => ({ type: 'object', properties });
    const closed = (properties: object) => ({ type: 'object', properties, additionalProperties: false });
    const a = { a: { type: 'string' } };
    const ab = { a: { type: 'string' }, b: { type: 'integer' } };
    // Added: fine when the writer's model was closed (it never wrote b), not when it was open.
    expect(issues(closed(ab), closed(a))).toEqual([]);
    expect(issues(open(ab), open(a))).toEqual(['#: property b added to an open content model']);
    // Removed: fine into an open reader, not into a closed one.
    expect(issues(open(a), open(ab))).toEqual([]);
    expect(issues(closed(a), closed(ab))).toEqual(['#: property b removed from a closed content model']);
    expect(issues(closed(a), open(a))).toEqual(['#: additional properties narrowed']);
  });

  it('compares nested properties, items and union branches', () => {
    expect(
      issues(
        { properties: { p: { properties: { q: { type: 'integer' } } } } },
        { properties: { p: { properties: { q: { type: 'string' } } } } },
      ),
    ).toEqual(['#/properties/p/properties/q: type string is no longer accepted']);
    expect(issues({ items: { type: 'string' } }, { items: { type: 'integer' } })).not.toEqual([]);
    expect(issues({ anyOf: [{ type: 'string' }, { type: 'integer' }] }, { type: 'string' })).toEqual([]);
    expect(issues({ type: 'string' }, { oneOf: [{ type: 'string' }, { type: 'integer' }] })).toEqual([
      "#: the writer's branch 1 matches none of the reader's",
    ]);
  });

  it('reports other keywords that changed, and ignores annotations', () => {
    expect(issues({ description: 'new', title: 't' }, { description: 'old' })).toEqual([]);
    expect(issues({ multipleOf: 2 }, { multipleOf: 3 })).toEqual(['#: multipleOf changed']);
    expect(issues(false, true)).toEqual(['#: the reader accepts nothing']);
    expect(issues(true, { type: 'string' })).toEqual([]);
  });
});
