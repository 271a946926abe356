// Decodes record values in Confluent's wire format through the registry, for the console: magic
// byte 0, the schema id (4 bytes, big-endian), then for Protobuf the message indexes (a zigzag
// varint count, then each index; a count of 0 means the first message), then the payload.
// @kafkajs/confluent-schema-registry writes Protobuf values without the message indexes, so a
// value that does not decode with them is read as the schema's first message.
import type avro from 'avsc';
import protobuf from 'protobufjs';
import type { DecodedValue, ValueDecoder } from '../admin/value-decoder.js';
import { messageAt, type ParsedProto } from './protobuf-format.js';
import type { SchemaRegistry } from './schema-registry.js';

const HEADER_BYTES = 5;
const MAX_MESSAGE_INDEXES = 100;

export class RegistryValueDecoder implements ValueDecoder {
  constructor(private readonly registry: SchemaRegistry) {}

  /** undefined when the value is not in the wire format, its id is unknown, or it does not decode. */
  decode(value: Buffer): Promise<DecodedValue | undefined> {
    return Promise.resolve(this.decodeNow(value));
  }

  private decodeNow(value: Buffer): DecodedValue | undefined {
    if (value.length < HEADER_BYTES || value[0] !== 0) return undefined;
    const schemaId = value.readInt32BE(1);
    try {
      const schema = this.registry.parsedById(schemaId);
      if (!schema) return undefined;
      const payload = value.subarray(HEADER_BYTES);
      switch (schema.schemaType) {
        case 'AVRO':
          return { schemaId, schemaType: 'AVRO', value: (schema.parsed as avro.Type).fromBuffer(payload) as unknown };
        case 'JSON':
          return { schemaId, schemaType: 'JSON', value: JSON.parse(payload.toString('utf8')) as unknown };
        case 'PROTOBUF':
          return { schemaId, schemaType: 'PROTOBUF', value: decodeProtobuf(schema.parsed as ParsedProto, payload) };
      }
    } catch {
      return undefined;
    }
  }
}

function decodeProtobuf(parsed: ParsedProto, payload: Buffer): unknown {
  try {
    const reader = protobuf.Reader.create(payload);
    const count = reader.sint32();
    if (count < 0 || count > MAX_MESSAGE_INDEXES) throw new Error(`bad message index count ${count}`);
    const indexes = count === 0 ? [0] : Array.from({ length: count }, () => reader.sint32());
    return decodeMessage(messageAt(parsed, indexes), payload.subarray(reader.pos));
  } catch {
    return decodeMessage(parsed.messages[0], payload);
  }
}

function decodeMessage(type: protobuf.Type | undefined, bytes: Uint8Array): unknown {
  if (!type) throw new Error('no such message in the schema');
  return type.toObject(type.decode(bytes), { longs: String, enums: String, bytes: String, defaults: true });
}
