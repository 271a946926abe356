// The body of a register, lookup or compatibility request, validated: untrusted JSON in, a
// schema text, its type and its references out (42201 for anything malformed).
import { invalidSchema } from './registry-error.js';
import { SCHEMA_TYPES, type SchemaReference, type SchemaType } from './schema-format.js';

export interface SchemaRequest {
  schema: string;
  schemaType: SchemaType;
  references: SchemaReference[];
  /** The id and version to register with (IMPORT mode only). */
  id?: number;
  version?: number;
}

/** Far above any real schema, so one request cannot make the broker hold or parse megabytes. */
export const MAX_SCHEMA_CHARS = 1_000_000;
const MAX_REFERENCES = 1000;

export function parseSchemaRequest(body: unknown): SchemaRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalidSchema('the request body must be a JSON object');
  const { schema, schemaType = 'AVRO', references = [], id, version } = body as Record<string, unknown>;
  if (typeof schema !== 'string' || schema.trim() === '') throw invalidSchema('"schema" must be a non-empty string');
  if (schema.length > MAX_SCHEMA_CHARS) throw invalidSchema(`"schema" is longer than ${MAX_SCHEMA_CHARS} characters`);
  const type = schemaType === null ? 'AVRO' : schemaType;
  if (typeof type !== 'string' || !SCHEMA_TYPES.includes(type as SchemaType))
    throw invalidSchema(`unknown schemaType ${JSON.stringify(schemaType)} (AVRO, JSON or PROTOBUF)`);
  const list = references === null ? [] : references;
  if (!Array.isArray(list) || list.length > MAX_REFERENCES)
    throw invalidSchema(`"references" must be an array of at most ${MAX_REFERENCES} references`);
  return {
    schema,
    schemaType: type as SchemaType,
    references: list.map(parseReference),
    ...optionalPositive('id', id),
    ...optionalPositive('version', version),
  };
}

function optionalPositive(name: 'id' | 'version', value: unknown): { id?: number; version?: number } {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2 ** 31 - 1)
    throw invalidSchema(`"${name}" must be an integer from 1 to 2^31-1`);
  return { [name]: value };
}

function parseReference(value: unknown, index: number): SchemaReference {
  const { name, subject, version } = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  const valid =
    typeof name === 'string' &&
    name !== '' &&
    typeof subject === 'string' &&
    subject !== '' &&
    typeof version === 'number' &&
    Number.isInteger(version) &&
    (version === -1 || (version >= 1 && version <= 2 ** 31 - 1));
  if (!valid) throw invalidSchema(`references[${index}] needs a name, a subject and a version`);
  return { name, subject, version };
}
