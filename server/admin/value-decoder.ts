export interface ValueDecoder {
  decode(value: Buffer): Promise<DecodedValue | undefined>;
}
export interface DecodedValue {
  schemaId: number;
  schemaType: 'AVRO' | 'JSON' | 'PROTOBUF';
  value: unknown;
}
