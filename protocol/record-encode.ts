// Encodes records as v2 record batches (layout in record-batch.ts). The producer builds each batch
// record by record as sends arrive (RecordBatchBuilder): a record is written into the batch's
// memory in one pass, its key's length read once, so the producer keeps no record objects and
// nothing is allocated per record. The header and CRC are written when the batch is finished.
import { allocBatchMemory, type BatchMemory } from './batch-slabs.js';
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

const EMPTY = Buffer.alloc(0);

/** A record's headers as flat (name, value) pairs with their UTF-8 lengths; reused between records. */
const headerNames: string[] = [];
const headerValues: HeaderValue[] = [];
const headerLengths: number[] = [];

/** Flattens `headers` into the arrays above (array values one pair each); returns the pair count. */
function collectHeaders(headers: RecordHeaders): number {
  let count = 0;
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      headerNames[count] = name;
      headerValues[count] = v;
      headerLengths[2 * count] = utf8Length(name);
      headerLengths[2 * count + 1] = fieldLength(v);
      count++;
    }
  }
  return count;
}

/**
 * One record batch, written record by record. `append` writes a record at once and refuses one
 * that would take a non-empty batch over its limit; `finish` writes the header and CRC and may be
 * called again with other producer fields (an idempotent batch renumbered before it was sent);
 * `release` gives the memory back for other batches (batch-slabs.ts) once nothing reads it.
 */
export class RecordBatchBuilder {
  private memory: BatchMemory;
  private buf: Buffer;
  private used = BATCH_HEADER_BYTES;
  private recordCount = 0;
  private baseTimestamp = 0;
  private maxTimestamp = -1;
  private releasedMemory = false;

  /**
   * `limit`: the most bytes the batch may reach, unless its one record is larger.
   * `capacity`: memory to start with; the batch grows by doubling up to `limit`.
   */
  constructor(
    private readonly limit: number,
    capacity = limit,
  ) {
    this.memory = allocBatchMemory(Math.max(BATCH_HEADER_BYTES, Math.min(capacity, limit)));
    this.buf = this.memory.buf;
  }

  get count(): number {
    return this.recordCount;
  }

  /** True once release() gave the memory back. */
  get released(): boolean {
    return this.releasedMemory;
  }

  /** Bytes the batch takes so far, header included. */
  get bytes(): number {
    return this.used;
  }

  /**
   * Writes `record` (its timestamp `timestamp` when it has none); false, with nothing written,
   * when the batch holds records already and this one would take it over its limit.
   */
  append(record: RecordInput, timestamp: number): boolean {
    const { key, value, headers } = record;
    if (record.timestamp != null) timestamp = record.timestamp;
    if (this.recordCount === 0) this.baseTimestamp = timestamp;
    const timestampDelta = timestamp - this.baseTimestamp;
    const keyLength = fieldLength(key);
    const valueLength = fieldLength(value);
    const headerCount = headers ? collectHeaders(headers) : 0;
    let body = 1 + zigzagSize(timestampDelta) + zigzagSize(this.recordCount);
    body += fieldSize(keyLength) + fieldSize(valueLength) + zigzagSize(headerCount);
    for (let h = 0; h < headerCount; h++)
      body += fieldSize(headerLengths[2 * h]!) + fieldSize(headerLengths[2 * h + 1]!);
    const size = zigzagSize(body) + body;
    const end = this.used + size;
    if (end > this.buf.length && !this.grow(end)) return false;

    const buf = this.buf;
    let offset = writeZigzag(buf, this.used, body);
    buf[offset++] = 0; // attributes: unused in v2
    offset = writeZigzag(buf, offset, timestampDelta);
    offset = writeZigzag(buf, offset, this.recordCount);
    offset = writeField(buf, offset, key, keyLength);
    offset = writeField(buf, offset, value, valueLength);
    offset = writeZigzag(buf, offset, headerCount);
    for (let h = 0; h < headerCount; h++) {
      offset = writeField(buf, offset, headerNames[h], headerLengths[2 * h]!);
      offset = writeField(buf, offset, headerValues[h], headerLengths[2 * h + 1]!);
    }
    this.used = offset;
    this.recordCount++;
    if (timestamp > this.maxTimestamp) this.maxTimestamp = timestamp;
    return true;
  }

  /** The batch's bytes with base offset 0 (the broker assigns the real one). */
  finish(producer?: BatchProducer): Buffer {
    if (this.recordCount === 0) throw new RangeError('a record batch needs at least one record');
    if (this.releasedMemory) throw new Error('the batch was released');
    const buf = this.buf.subarray(0, this.used);
    buf.writeBigInt64BE(0n, 0);
    buf.writeInt32BE(this.used - LENGTH_FIELD_END, 8);
    buf.writeInt32BE(-1, 12);
    buf.writeInt8(BATCH_MAGIC, 16);
    buf.writeInt16BE(producer?.transactional ? TRANSACTIONAL_FLAG : 0, 21);
    buf.writeInt32BE(this.recordCount - 1, 23);
    buf.writeBigInt64BE(BigInt(this.baseTimestamp), 27);
    buf.writeBigInt64BE(BigInt(this.maxTimestamp), 35);
    buf.writeBigInt64BE(BigInt(producer?.producerId ?? NO_PRODUCER_ID), 43);
    buf.writeInt16BE(producer?.producerEpoch ?? -1, 51);
    buf.writeInt32BE(producer?.baseSequence ?? -1, 53);
    buf.writeInt32BE(this.recordCount, 57);
    buf.writeUInt32BE(crc32c(buf, CRC_START, this.used), CRC_OFFSET);
    return buf;
  }

  /**
   * Gives the batch's memory back, to be cut for other batches: call it only once nothing will
   * read the finished bytes again. The builder is unusable afterwards.
   */
  release(): void {
    this.releasedMemory = true;
    this.memory.release();
    this.buf = EMPTY;
  }

  /** Room for `end` bytes, copying what is written; false when that would pass the limit. */
  private grow(end: number): boolean {
    if (this.releasedMemory) throw new Error('the batch was released');
    if (this.recordCount > 0 && end > this.limit) return false;
    const capacity = Math.max(end, Math.min(this.limit, 2 * this.buf.length));
    const memory = allocBatchMemory(capacity);
    this.buf.copy(memory.buf, 0, 0, this.used);
    this.memory.release(); // the old bytes were only ever the builder's
    this.memory = memory;
    this.buf = memory.buf;
    return true;
  }
}

/**
 * Encodes records as one batch with base offset 0; records without a timestamp get `now`. The
 * base timestamp is the first record's, as Kafka's producer writes it.
 */
export function encodeRecordBatch(records: readonly RecordInput[], now = Date.now(), producer?: BatchProducer): Buffer {
  if (records.length === 0) throw new RangeError('a record batch needs at least one record');
  const builder = new RecordBatchBuilder(Infinity, 1024);
  for (const record of records) builder.append(record, now);
  return builder.finish(producer);
}
