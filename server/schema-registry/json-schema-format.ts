// JSON Schema: parsed as JSON (an object or a boolean). Compatibility follows the rules Confluent
// documents for JSON Schema, for the keywords most schemas use: a reader can read a writer's data
// when it accepts every value the writer's schema allows. Checked: type (integer widens to
// number), enum and const, required, properties against open and closed content models
// (additionalProperties), items, anyOf/oneOf branches, and the numeric, length, item-count and
// pattern limits. Anything else that differs between the two is reported as changed.
import { checkDepth } from './json-depth.js';
import type { SchemaFormat } from './schema-format.js';

type JsonSchema = boolean | { [keyword: string]: unknown };

const HANDLED = new Set([
  'type',
  'enum',
  'const',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'anyOf',
  'oneOf',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'pattern',
]);
/** Keywords that document a schema without restricting its values. */
const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  'id',
  'title',
  'description',
  'default',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$comment',
  'definitions',
  '$defs',
  'format',
]);

export const jsonSchemaFormat: SchemaFormat<JsonSchema> = {
  parse(schema: string): JsonSchema {
    const parsed: unknown = JSON.parse(schema);
    if (typeof parsed === 'boolean') return parsed;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('a JSON schema must be an object or a boolean');
    checkDepth(parsed);
    return parsed as JsonSchema;
  },

  canonical(schema: string): string {
    return JSON.stringify(JSON.parse(schema));
  },

  readIssues(reader: JsonSchema, writer: JsonSchema): string[] {
    const issues: string[] = [];
    compare(reader, writer, '#', issues);
    return issues;
  },
};

function compare(reader: JsonSchema, writer: JsonSchema, path: string, issues: string[]): void {
  if (reader === true || writer === false) return;
  if (reader === false) return void issues.push(`${path}: the reader accepts nothing`);
  if (writer === true) writer = {};
  if (Array.isArray(reader.anyOf ?? reader.oneOf) || Array.isArray(writer.anyOf ?? writer.oneOf)) {
    return compareBranches(reader, writer, path, issues);
  }
  compareTypes(reader, writer, path, issues);
  compareValues(reader, writer, path, issues);
  compareLimits(reader, writer, path, issues);
  compareObjects(reader, writer, path, issues);
  if (isSchema(reader.items)) {
    compare(reader.items, isSchema(writer.items) ? writer.items : true, `${path}/items`, issues);
  }
  for (const keyword of new Set([...Object.keys(reader), ...Object.keys(writer)])) {
    if (HANDLED.has(keyword) || ANNOTATIONS.has(keyword)) continue;
    if (JSON.stringify(reader[keyword]) !== JSON.stringify(writer[keyword])) issues.push(`${path}: ${keyword} changed`);
  }
}

/** Each of the writer's branches must be readable by one of the reader's. */
function compareBranches(
  reader: Record<string, unknown>,
  writer: Record<string, unknown>,
  path: string,
  issues: string[],
): void {
  const readerBranches = branches(reader);
  for (const [index, branch] of branches(writer).entries()) {
    const readable = readerBranches.some((candidate) => {
      const found: string[] = [];
      compare(candidate, branch, path, found);
      return found.length === 0;
    });
    if (!readable) issues.push(`${path}: the writer's branch ${index} matches none of the reader's`);
  }
}

function branches(schema: Record<string, unknown>): JsonSchema[] {
  const list = schema.anyOf ?? schema.oneOf;
  if (!Array.isArray(list)) {
    return [
      Object.fromEntries(Object.entries(schema).filter(([keyword]) => keyword !== 'anyOf' && keyword !== 'oneOf')),
    ];
  }
  return list.filter(isSchema);
}

function compareTypes(
  reader: Record<string, unknown>,
  writer: Record<string, unknown>,
  path: string,
  issues: string[],
) {
  const readerTypes = typesOf(reader);
  if (!readerTypes || reader.anyOf || reader.oneOf) return;
  const writerTypes = typesOf(writer);
  if (!writerTypes) return void issues.push(`${path}: type narrowed to ${readerTypes.join(', ')}`);
  for (const type of writerTypes) {
    const accepted = readerTypes.includes(type) || (type === 'integer' && readerTypes.includes('number'));
    if (!accepted) issues.push(`${path}: type ${type} is no longer accepted`);
  }
}

function typesOf(schema: Record<string, unknown>): string[] | undefined {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.filter((t): t is string => typeof t === 'string');
  return undefined;
}

function compareValues(
  reader: Record<string, unknown>,
  writer: Record<string, unknown>,
  path: string,
  issues: string[],
) {
  const allowed = valuesOf(reader);
  if (!allowed) return;
  const written = valuesOf(writer);
  if (!written) return void issues.push(`${path}: values restricted to an enum`);
  for (const value of written) {
    if (!allowed.includes(value)) issues.push(`${path}: value ${value} is no longer accepted`);
  }
}

function valuesOf(schema: Record<string, unknown>): string[] | undefined {
  if ('const' in schema) return [JSON.stringify(schema.const)];
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value));
  return undefined;
}

/** Lower bounds may only fall, upper bounds only rise; a pattern may only go away. */
function compareLimits(
  reader: Record<string, unknown>,
  writer: Record<string, unknown>,
  path: string,
  issues: string[],
) {
  for (const keyword of ['minimum', 'exclusiveMinimum', 'minLength', 'minItems']) {
    const bound = reader[keyword];
    if (typeof bound !== 'number') continue;
    const previous = writer[keyword];
    if (typeof previous !== 'number' || previous < bound) issues.push(`${path}: ${keyword} raised`);
  }
  for (const keyword of ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems']) {
    const bound = reader[keyword];
    if (typeof bound !== 'number') continue;
    const previous = writer[keyword];
    if (typeof previous !== 'number' || previous > bound) issues.push(`${path}: ${keyword} lowered`);
  }
  if (reader.pattern !== undefined && reader.pattern !== writer.pattern) issues.push(`${path}: pattern changed`);
}

function compareObjects(
  reader: Record<string, unknown>,
  writer: Record<string, unknown>,
  path: string,
  issues: string[],
): void {
  const readerProps = propertiesOf(reader);
  const writerProps = propertiesOf(writer);
  const writerRequired = new Set(requiredOf(writer));
  for (const name of requiredOf(reader)) {
    if (!writerRequired.has(name)) issues.push(`${path}: property ${name} is now required`);
  }
  const readerExtra = additionalOf(reader);
  const writerExtra = additionalOf(writer);
  for (const [name, written] of Object.entries(writerProps)) {
    const read = readerProps[name];
    if (read !== undefined) compare(read, written, `${path}/properties/${name}`, issues);
    else if (readerExtra === false) issues.push(`${path}: property ${name} removed from a closed content model`);
    else compare(readerExtra, written, `${path}/properties/${name}`, issues);
  }
  for (const [name, read] of Object.entries(readerProps)) {
    if (name in writerProps || writerExtra === false) continue;
    // The writer's open model let any value through under this name.
    const found: string[] = [];
    compare(read, writerExtra, `${path}/properties/${name}`, found);
    if (found.length > 0) issues.push(`${path}: property ${name} added to an open content model`);
  }
  if (readerExtra !== true && writerExtra !== false) {
    const found: string[] = [];
    compare(readerExtra, writerExtra, `${path}/additionalProperties`, found);
    if (found.length > 0) issues.push(`${path}: additional properties narrowed`);
  }
}

function propertiesOf(schema: Record<string, unknown>): Record<string, JsonSchema> {
  const properties = schema.properties;
  if (typeof properties !== 'object' || properties === null) return {};
  return Object.fromEntries(Object.entries(properties).filter(([, value]) => isSchema(value)));
}

function requiredOf(schema: Record<string, unknown>): string[] {
  return Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : [];
}

function additionalOf(schema: Record<string, unknown>): JsonSchema {
  return isSchema(schema.additionalProperties) ? schema.additionalProperties : true;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'boolean' || (typeof value === 'object' && value !== null && !Array.isArray(value));
}
