// Kafka's request and response headers, and how a connection's first frame tells the two
// protocols apart. A Kafka request body starts with its int16 API key, whose high byte is 0
// for every key below 256. A native request body is a protobuf RequestFrame: its first byte is
// a field tag (field number << 3 | wire type), never 0 since field numbers start at 1.
import { KafkaReader, KafkaWriter } from './codec.js';
import { FRAME_HEADER_BYTES } from '../framing.js';

export interface KafkaRequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string;
}

/** Whether a connection's first frame body is a Kafka request (rather than a native envelope). */
export function isKafkaFrame(body: Uint8Array): boolean {
  return body.length > 0 && body[0] === 0;
}

/**
 * Reads the header (v1 for classic versions, v2 with tagged fields for flexible ones) and leaves
 * the reader at the body. The client id is a classic nullable string even in v2.
 */
export function readRequestHeader(reader: KafkaReader, flexible: (apiKey: number, version: number) => boolean) {
  const apiKey = reader.int16();
  const apiVersion = reader.int16();
  const correlationId = reader.int32();
  const clientIdLength = reader.int16();
  const clientId = clientIdLength < 0 ? '' : reader.take(clientIdLength).toString('utf8');
  if (flexible(apiKey, apiVersion)) skipTaggedFields(reader);
  return { apiKey, apiVersion, correlationId, clientId } satisfies KafkaRequestHeader;
}

/** Only the fields before the client id, for answering a request whose header is cut short. */
export function peekCorrelationId(body: Uint8Array): number | undefined {
  return body.length >= 8 ? Buffer.from(body.buffer, body.byteOffset, body.length).readInt32BE(4) : undefined;
}

function skipTaggedFields(reader: KafkaReader): void {
  const count = reader.uvarint();
  reader.countElements(count, 2);
  for (let i = 0; i < count; i++) {
    reader.uvarint();
    reader.take(reader.uvarint());
  }
}

/** A response frame: size, correlation id, an empty tagged-field section when `flexibleHeader`, the body. */
export function responseFrame(
  correlationId: number,
  flexibleHeader: boolean,
  body: KafkaWriter | readonly Buffer[],
): Buffer[] {
  const chunks = Array.isArray(body) ? (body as readonly Buffer[]) : (body as KafkaWriter).finish();
  const headerBytes = flexibleHeader ? 5 : 4;
  let size = headerBytes;
  for (const chunk of chunks) size += chunk.length;
  const head = Buffer.allocUnsafe(FRAME_HEADER_BYTES + headerBytes);
  head.writeInt32BE(size, 0);
  head.writeInt32BE(correlationId, 4);
  if (flexibleHeader) head.writeUInt8(0, 8);
  return [head, ...chunks];
}
