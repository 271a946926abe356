// The format of each schema type.
import { avroFormat } from './avro-format.js';
import { jsonSchemaFormat } from './json-schema-format.js';
import { protobufFormat } from './protobuf-format.js';
import type { SchemaFormat, SchemaType } from './schema-format.js';

export const SCHEMA_FORMATS: Record<SchemaType, SchemaFormat> = {
  AVRO: avroFormat,
  JSON: jsonSchemaFormat,
  PROTOBUF: protobufFormat,
};
