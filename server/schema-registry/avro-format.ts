// Avro through avsc: parsing registers referenced named types first, and compatibility is avsc's
// schema resolution (the reader's resolver for the writer's type), as Avro's specification defines it.
import avro from 'avsc';
import { checkDepth } from './json-depth.js';
import type { ResolvedReference, SchemaFormat } from './schema-format.js';

export const avroFormat: SchemaFormat<avro.Type> = {
  parse(schema: string, references: readonly ResolvedReference[]): avro.Type {
    const registry: Record<string, avro.Type> = {};
    for (const reference of references) avro.Type.forSchema(parseJson(reference.schema), { registry });
    return avro.Type.forSchema(parseJson(schema), { registry });
  },

  canonical(schema: string): string {
    return JSON.stringify(parseJson(schema));
  },

  readIssues(reader: avro.Type, writer: avro.Type): string[] {
    try {
      reader.createResolver(writer);
      return [];
    } catch (err) {
      return [(err as Error).message];
    }
  },
};

function parseJson(text: string): avro.Schema {
  const parsed = JSON.parse(text) as avro.Schema;
  checkDepth(parsed);
  return parsed;
}
