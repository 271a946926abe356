// Decodes Avro record values in Confluent's wire format (magic byte 0, a 4-byte big-endian schema
// id, the Avro binary), fetching each schema once by id and its references by subject and version.
import avro from 'avsc';
import { CliError } from '../errors.js';
import type { RegistryClient } from './registry-client.js';

interface SchemaById {
  schema: string;
  schemaType?: string;
  references?: { name: string; subject: string; version: number }[];
}

const MAX_REFERENCE_DEPTH = 32;

export class AvroValueDecoder {
  private readonly types = new Map<number, Promise<avro.Type>>();

  constructor(private readonly registry: RegistryClient) {}

  /** The value as JSON text; a CliError when it is not Avro in the wire format. */
  async decode(value: Buffer, where: string): Promise<string> {
    if (value.length < 5 || value[0] !== 0)
      throw new CliError(`${where}: the value is not in the schema registry's wire format (magic byte 0, schema id)`);
    const id = value.readInt32BE(1);
    let type = this.types.get(id);
    if (!type) {
      type = this.load(id);
      this.types.set(id, type);
    }
    let decoded: unknown;
    try {
      decoded = (await type).fromBuffer(value.subarray(5));
    } catch (error) {
      throw new CliError(`${where}: the value does not decode with schema ${id} (${(error as Error).message})`);
    }
    return JSON.stringify(decoded, (_key, field: unknown) => (typeof field === 'bigint' ? field.toString() : field));
  }

  private async load(id: number): Promise<avro.Type> {
    const found = await this.registry.get<SchemaById>(`/schemas/ids/${id}`);
    if ((found.schemaType ?? 'AVRO') !== 'AVRO')
      throw new CliError(`schema ${id} is ${found.schemaType}, not AVRO (--value-format avro)`);
    const registry: Record<string, avro.Type> = {};
    await this.addReferences(found.references ?? [], registry, new Set(), 0);
    return avro.Type.forSchema(JSON.parse(found.schema) as avro.Schema, { registry });
  }

  /** Named types the schema refers to go into avsc's registry first, dependencies before users. */
  private async addReferences(
    references: NonNullable<SchemaById['references']>,
    registry: Record<string, avro.Type>,
    seen: Set<string>,
    depth: number,
  ): Promise<void> {
    if (depth > MAX_REFERENCE_DEPTH) throw new CliError(`schema references nest deeper than ${MAX_REFERENCE_DEPTH}`);
    for (const reference of references) {
      if (seen.has(reference.name)) continue;
      seen.add(reference.name);
      const version = await this.registry.get<SchemaById>(
        `/subjects/${encodeURIComponent(reference.subject)}/versions/${reference.version}`,
      );
      await this.addReferences(version.references ?? [], registry, seen, depth + 1);
      avro.Type.forSchema(JSON.parse(version.schema) as avro.Schema, { registry });
    }
  }
}
