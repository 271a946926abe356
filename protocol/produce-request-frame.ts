// Encodes a whole Produce request frame (length prefix, RequestFrame envelope, ProduceRequest
// body) as a list of chunks (chunk-writer.ts): the producer's encoded record batches are passed
// through by reference, so a megabyte request costs no copy of its records (protobufjs would copy
// them into its writer, then into the frame). The bytes are exactly those of
// encodeRequestFrame(Api.Produce, ...) with each partition's batches concatenated.
import { Api } from './apis.js';
import { ChunkWriter, int32Size, isSet, stringSize, uintSize } from './chunk-writer.js';
import { FRAME_HEADER_BYTES } from './framing.js';
import type { ProduceRequest } from './messages.js';

/** A partition's records: one buffer, or batches to be sent back to back. */
export type OutgoingProduceRecords = Uint8Array | readonly Uint8Array[];
export interface OutgoingProduceRequest extends Omit<ProduceRequest, 'topics'> {
  topics: { name: string; partitions: { partition: number; records: OutgoingProduceRecords }[] }[];
}

// Tags: field number << 3 | wire type (0 varint, 2 length-delimited).
const TAG = {
  apiKey: 0x08,
  apiVersion: 0x10,
  correlationId: 0x18,
  clientId: 0x22,
  body: 0x2a,
  acks: 0x08,
  timeoutMs: 0x10,
  topics: 0x1a,
  topicName: 0x0a,
  partitions: 0x12,
  partition: 0x08,
  records: 0x12,
} as const;

const PRODUCE_KEY = Api.Produce.key;

function recordsLength(records: OutgoingProduceRecords): number {
  if (records instanceof Uint8Array) return records.length;
  let total = 0;
  for (const r of records) total += r.length;
  return total;
}

const fieldSize = (length: number): number => 1 + uintSize(length) + length;
const int32Field = (value: number): number => (isSet(value) ? 1 + int32Size(value) : 0);

/** The frame's chunks, in order; their concatenation is the frame. */
export function encodeProduceRequestFrame(
  version: number,
  correlationId: number,
  clientId: string,
  request: OutgoingProduceRequest,
): Buffer[] {
  const partitionSizes: number[] = [];
  const topicSizes: number[] = [];
  let records = 0;
  // `acks` is a proto3 `optional` field: written whenever present, 0 included.
  let body = (request.acks != null ? 1 + int32Size(request.acks) : 0) + int32Field(request.timeoutMs);
  for (const topic of request.topics) {
    let topicSize = isSet(topic.name) ? 1 + stringSize(topic.name) : 0;
    for (const p of topic.partitions) {
      const length = recordsLength(p.records);
      records += length;
      const size = int32Field(p.partition) + (length > 0 ? fieldSize(length) : 0);
      partitionSizes.push(size);
      topicSize += fieldSize(size);
    }
    topicSizes.push(topicSize);
    body += fieldSize(topicSize);
  }
  const envelope =
    int32Field(PRODUCE_KEY) +
    int32Field(version) +
    int32Field(correlationId) +
    (isSet(clientId) ? 1 + stringSize(clientId) : 0) +
    (body > 0 ? fieldSize(body) : 0);
  const out = new ChunkWriter(Buffer.allocUnsafe(FRAME_HEADER_BYTES + envelope - records));

  out.uint32BE(envelope);
  const int32 = (tag: number, value: number) => {
    if (!isSet(value)) return;
    out.byte(tag);
    out.int32(value);
  };
  int32(TAG.apiKey, PRODUCE_KEY);
  int32(TAG.apiVersion, version);
  int32(TAG.correlationId, correlationId);
  if (isSet(clientId)) {
    out.byte(TAG.clientId);
    out.string(clientId);
  }
  if (body > 0) {
    out.byte(TAG.body);
    out.varint(body);
  }
  if (request.acks != null) {
    out.byte(TAG.acks);
    out.int32(request.acks);
  }
  int32(TAG.timeoutMs, request.timeoutMs);
  let topicIndex = 0;
  let partitionIndex = 0;
  for (const topic of request.topics) {
    out.byte(TAG.topics);
    out.varint(topicSizes[topicIndex++]!);
    if (isSet(topic.name)) {
      out.byte(TAG.topicName);
      out.string(topic.name);
    }
    for (const p of topic.partitions) {
      out.byte(TAG.partitions);
      out.varint(partitionSizes[partitionIndex++]!);
      int32(TAG.partition, p.partition);
      const length = recordsLength(p.records);
      if (length === 0) continue;
      out.byte(TAG.records);
      out.varint(length);
      if (p.records instanceof Uint8Array) out.passThrough(p.records);
      else for (const batch of p.records) out.passThrough(batch);
    }
  }
  return out.finish();
}
