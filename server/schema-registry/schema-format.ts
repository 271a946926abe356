// What the registry needs from each schema type: parse (with references), a canonical text for
// identity, and the reader/writer check that every compatibility level is built from.
export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF';

/** The order Confluent's registry lists them in (GET /schemas/types). */
export const SCHEMA_TYPES: readonly SchemaType[] = ['JSON', 'PROTOBUF', 'AVRO'];

export interface SchemaReference {
  /** Avro: the referenced type's full name; JSON: the $ref URL; Protobuf: the import path. */
  name: string;
  subject: string;
  version: number;
}

/** A referenced schema's text, resolved; dependencies come before the schemas that use them. */
export interface ResolvedReference {
  name: string;
  schema: string;
}

export interface SchemaFormat<Parsed = unknown> {
  /** Throws an Error whose message says what is wrong. */
  parse(schema: string, references: readonly ResolvedReference[]): Parsed;
  /** The text stored and compared: the same schema written differently gets the same id. */
  canonical(schema: string): string;
  /** Why `reader` cannot read data written with `writer`; empty when it can. */
  readIssues(reader: Parsed, writer: Parsed): string[];
}
