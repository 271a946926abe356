// Encodes a whole Fetch response frame (length prefix, ResponseFrame envelope, FetchResponse body)
// as a list of chunks (chunk-writer.ts): small header pieces around the stored record batches,
// which are passed through by reference. A multi-megabyte response then costs no copy of its
// records before the socket. The bytes are exactly those of
// encodeResponseFrame(id, encodeBody('FetchResponse', ...)) with the batches concatenated.
import { ChunkWriter, int32Size, int64Size, isSet, stringSize, uintSize } from './chunk-writer.js';
import { FRAME_HEADER_BYTES } from './framing.js';
import type { FetchPartitionResponse, FetchResponse, FetchTopicResponse } from './messages.js';

/** A partition's records: one buffer, or stored batches to be sent back to back. */
export type OutgoingRecords = Uint8Array | readonly Uint8Array[];
export type OutgoingFetchPartition = Omit<FetchPartitionResponse, 'records'> & { records: OutgoingRecords };
export type OutgoingFetchTopic = Omit<FetchTopicResponse, 'partitions'> & { partitions: OutgoingFetchPartition[] };
/** A FetchResponse as the broker builds it: records may stay as separate batches. */
export type OutgoingFetchResponse = Omit<FetchResponse, 'topics'> & { topics: OutgoingFetchTopic[] };

// Tags: field number << 3 | wire type (0 varint, 2 length-delimited).
const TAG = {
  frameCorrelationId: 0x08,
  frameBody: 0x22,
  errorCode: 0x08,
  topics: 0x12,
  topicName: 0x0a,
  topicPartitions: 0x12,
  partition: 0x08,
  partitionErrorCode: 0x10,
  highWatermark: 0x18,
  logStartOffset: 0x20,
  records: 0x2a,
  lastStableOffset: 0x30,
  abortedTransactions: 0x3a,
  abortedProducerId: 0x08,
  abortedFirstOffset: 0x10,
} as const;

const hasRecords = (records: OutgoingRecords | null | undefined): records is OutgoingRecords =>
  isSet(records) && recordsLength(records!) > 0;

function recordsOf(records: OutgoingRecords): readonly Uint8Array[] {
  return records instanceof Uint8Array ? [records] : records;
}

function recordsLength(records: OutgoingRecords): number {
  let total = 0;
  for (const r of recordsOf(records)) total += r.length;
  return total;
}

/** Bytes of one AbortedTransaction message (without its tag and length). */
const abortedSize = (a: { producerId: number; firstOffset: number }): number =>
  (isSet(a.producerId) ? 1 + int64Size(a.producerId) : 0) + (isSet(a.firstOffset) ? 1 + int64Size(a.firstOffset) : 0);
interface Sizes {
  partitions: number[];
  topics: number[];
  body: number;
}

function measure(response: OutgoingFetchResponse): Sizes {
  const partitions: number[] = [];
  const topics: number[] = [];
  let body = isSet(response.errorCode) ? 1 + int32Size(response.errorCode) : 0;
  for (const topic of response.topics ?? []) {
    let topicSize = isSet(topic.name) ? 1 + stringSize(topic.name) : 0;
    for (const p of topic.partitions ?? []) {
      let size = 0;
      if (isSet(p.partition)) size += 1 + int32Size(p.partition);
      if (isSet(p.errorCode)) size += 1 + int32Size(p.errorCode);
      if (isSet(p.highWatermark)) size += 1 + int64Size(p.highWatermark);
      if (isSet(p.logStartOffset)) size += 1 + int64Size(p.logStartOffset);
      if (hasRecords(p.records)) {
        const length = recordsLength(p.records);
        size += 1 + uintSize(length) + length;
      }
      if (isSet(p.lastStableOffset)) size += 1 + int64Size(p.lastStableOffset);
      for (const a of p.abortedTransactions ?? []) {
        const length = abortedSize(a);
        size += 1 + uintSize(length) + length;
      }
      partitions.push(size);
      topicSize += 1 + uintSize(size) + size;
    }
    topics.push(topicSize);
    body += 1 + uintSize(topicSize) + topicSize;
  }
  return { partitions, topics, body };
}

/** The frame's chunks, in order; their concatenation is the frame. */
export function encodeFetchResponseFrame(correlationId: number, response: OutgoingFetchResponse): Buffer[] {
  const sizes = measure(response);
  // The envelope's error code (0) and message ('') are defaults, so they are left out; so is an empty body.
  const envelope =
    (correlationId !== 0 ? 1 + int32Size(correlationId) : 0) +
    (sizes.body > 0 ? 1 + uintSize(sizes.body) + sizes.body : 0);
  let records = 0;
  for (const topic of response.topics ?? [])
    for (const p of topic.partitions ?? []) if (hasRecords(p.records)) records += recordsLength(p.records);
  const out = new ChunkWriter(Buffer.allocUnsafe(FRAME_HEADER_BYTES + envelope - records));

  out.uint32BE(envelope);
  if (correlationId !== 0) {
    out.byte(TAG.frameCorrelationId);
    out.int32(correlationId);
  }
  if (sizes.body > 0) {
    out.byte(TAG.frameBody);
    out.varint(sizes.body);
  }

  if (isSet(response.errorCode)) {
    out.byte(TAG.errorCode);
    out.int32(response.errorCode);
  }
  let topicIndex = 0;
  let partitionIndex = 0;
  for (const topic of response.topics ?? []) {
    out.byte(TAG.topics);
    out.varint(sizes.topics[topicIndex++]!);
    if (isSet(topic.name)) {
      out.byte(TAG.topicName);
      out.string(topic.name);
    }
    for (const p of topic.partitions ?? []) {
      out.byte(TAG.topicPartitions);
      out.varint(sizes.partitions[partitionIndex++]!);
      if (isSet(p.partition)) {
        out.byte(TAG.partition);
        out.int32(p.partition);
      }
      if (isSet(p.errorCode)) {
        out.byte(TAG.partitionErrorCode);
        out.int32(p.errorCode);
      }
      if (isSet(p.highWatermark)) {
        out.byte(TAG.highWatermark);
        out.int64(p.highWatermark);
      }
      if (isSet(p.logStartOffset)) {
        out.byte(TAG.logStartOffset);
        out.int64(p.logStartOffset);
      }
      if (hasRecords(p.records)) {
        out.byte(TAG.records);
        out.varint(recordsLength(p.records));
        for (const batch of recordsOf(p.records)) out.passThrough(batch);
      }
      if (isSet(p.lastStableOffset)) {
        out.byte(TAG.lastStableOffset);
        out.int64(p.lastStableOffset);
      }
      for (const a of p.abortedTransactions ?? []) {
        out.byte(TAG.abortedTransactions);
        out.varint(abortedSize(a));
        if (isSet(a.producerId)) {
          out.byte(TAG.abortedProducerId);
          out.int64(a.producerId);
        }
        if (isSet(a.firstOffset)) {
          out.byte(TAG.abortedFirstOffset);
          out.int64(a.firstOffset);
        }
      }
    }
  }
  return out.finish();
}
