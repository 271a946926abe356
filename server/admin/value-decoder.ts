// How the message browser turns a stored value into what it means: the schema registry decodes
// values that carry a schema id (Confluent's wire format); the admin app takes one optionally.

export interface ValueDecoder {
  decode(value: Buffer): Promise<DecodedValue | undefined>;
}

export interface DecodedValue {
  schemaId: number;
  schemaType: 'AVRO' | 'JSON' | 'PROTOBUF';
  value: unknown;
}
