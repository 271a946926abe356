// Encodes records as one v2 record batch (layout in record-batch.ts). It runs once per batch on
// the producer's hot path, so it makes two passes over the records, sizes then bytes, and
// allocates nothing per record: string keys, values and header values are written into the
// batch as UTF-8 directly, and Buffers are copied in once.
import { crc32c } from './crc32c.js';
import { utf8Length, writeUtf8 } from './utf8.js';
import { writeZigzag, zigzagSize } from './varint.js';

export type HeaderValue = Buffer | string;
export type RecordHeaders = Record<string, HeaderValue | HeaderValue[] | undefined>;

export interface RecordInput {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: RecordHeaders;
  /** Milliseconds since the epoch; defaults to now. */
  timestamp?: number;
}

/** The producer fields of a batch's header (idempotent and transactional producers). */
export interface BatchProducer {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  transactional?: boolean;
}

export const BATCH_HEADER_BYTES = 61;
export const BATCH_MAGIC = 2;
export const TRANSACTIONAL_FLAG = 0x10;
/** No producer id: a batch from a producer without idempotence. */
export const NO_PRODUCER_ID = -1;
const LENGTH_FIELD_END = 12;
const CRC_OFFSET = 17;
const CRC_START = 21;

type Field = Buffer | string | null | undefined;

/** UTF-8 bytes of a field; -1 for null. */
const fieldLength = (field: Field): number =>
  field == null ? -1 : typeof field === 'string' ? utf8Length(field) : field.length;

/** Bytes a field takes in a record: its zig-zag length, then its bytes. */
const fieldSize = (length: number): number => (length < 0 ? 1 : zigzagSize(length) + length);

function writeField(buf: Buffer, offset: number, field: Field, length: number): number {
  offset = writeZigzag(buf, offset, length);
  if (length <= 0) return offset;
  if (typeof field === 'string') return writeUtf8(buf, offset, field, length);
  buf.set(field!, offset);
  return offset + length;
}

/** Calls `visit` with every (name, value) pair of the headers, array values flattened. */
function forEachHeader(headers: RecordHeaders, visit: (name: string, value: HeaderValue) => void): void {
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) visit(name, v);
    else visit(name, value);
  }
}

/** Batches up to SLAB_BYTES / 8 are cut from shared slabs, as Buffer's pool does for small ones. */
const SLAB_BYTES = 1024 * 1024;
let slab = Buffer.allocUnsafeSlow(0);
let slabUsed = 0;

/**
 * Memory for one batch. A producer encodes several 16 KiB batches per request: one fresh
 * ArrayBuffer each cost 5% of its CPU (allocation and page faults); views of a slab cost nothing.
 * A slab is freed once no batch cut from it is alive.
 */
function allocBatch(size: number): Buffer {
  if (size > SLAB_BYTES / 8) return Buffer.allocUnsafe(size);
  if (slabUsed + size > slab.length) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
    slabUsed = 0;
  }
  const buf = slab.subarray(slabUsed, slabUsed + size);
  slabUsed = (slabUsed + size + 7) & ~7; // 8-byte aligned, as Buffer's pool keeps them
  return buf;
}

/** Per record: body size, key length, value length (reused between calls: encoding is synchronous). */
let scratch = new Float64Array(3 * 1024);

/** Encodes records as one batch with base offset 0 (the broker assigns the real one). */
export function encodeRecordBatch(records: readonly RecordInput[], now = Date.now(), producer?: BatchProducer): Buffer {
  const count = records.length;
  if (count === 0) throw new RangeError('a record batch needs at least one record');
  if (scratch.length < 3 * count) scratch = new Float64Array(3 * count);
  const sizes = scratch;
  let baseTimestamp = Infinity;
  let maxTimestamp = -Infinity;
  for (let i = 0; i < count; i++) {
    const timestamp = records[i]!.timestamp ?? now;
    if (timestamp < baseTimestamp) baseTimestamp = timestamp;
    if (timestamp > maxTimestamp) maxTimestamp = timestamp;
  }

  let size = BATCH_HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    const r = records[i]!;
    const keyLength = fieldLength(r.key);
    const valueLength = fieldLength(r.value);
    let body = 1 + zigzagSize((r.timestamp ?? now) - baseTimestamp) + zigzagSize(i);
    body += fieldSize(keyLength) + fieldSize(valueLength);
    let headerCount = 0;
    if (r.headers) {
      forEachHeader(r.headers, (name, value) => {
        headerCount++;
        body += fieldSize(utf8Length(name)) + fieldSize(fieldLength(value));
      });
    }
    body += zigzagSize(headerCount);
    sizes[3 * i] = body;
    sizes[3 * i + 1] = keyLength;
    sizes[3 * i + 2] = valueLength;
    size += zigzagSize(body) + body;
  }

  const buf = allocBatch(size);
  buf.writeBigInt64BE(0n, 0);
  buf.writeInt32BE(size - LENGTH_FIELD_END, 8);
  buf.writeInt32BE(-1, 12);
  buf.writeInt8(BATCH_MAGIC, 16);
  buf.writeInt16BE(producer?.transactional ? TRANSACTIONAL_FLAG : 0, 21);
  buf.writeInt32BE(count - 1, 23);
  buf.writeBigInt64BE(BigInt(baseTimestamp), 27);
  buf.writeBigInt64BE(BigInt(maxTimestamp), 35);
  buf.writeBigInt64BE(BigInt(producer?.producerId ?? NO_PRODUCER_ID), 43);
  buf.writeInt16BE(producer?.producerEpoch ?? -1, 51);
  buf.writeInt32BE(producer?.baseSequence ?? -1, 53);
  buf.writeInt32BE(count, 57);
  let offset = BATCH_HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    const r = records[i]!;
    offset = writeZigzag(buf, offset, sizes[3 * i]!);
    buf[offset++] = 0;
    offset = writeZigzag(buf, offset, (r.timestamp ?? now) - baseTimestamp);
    offset = writeZigzag(buf, offset, i);
    offset = writeField(buf, offset, r.key, sizes[3 * i + 1]!);
    offset = writeField(buf, offset, r.value, sizes[3 * i + 2]!);
    if (!r.headers) {
      buf[offset++] = 0; // no headers
      continue;
    }
    const pairs: [string, HeaderValue][] = [];
    forEachHeader(r.headers, (name, value) => pairs.push([name, value]));
    offset = writeZigzag(buf, offset, pairs.length);
    for (const [name, value] of pairs) {
      offset = writeField(buf, offset, name, utf8Length(name));
      offset = writeField(buf, offset, value, fieldLength(value));
    }
  }
  buf.writeUInt32BE(crc32c(buf, CRC_START, size), CRC_OFFSET);
  return buf;
}
