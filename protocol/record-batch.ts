// Record batches in Kafka's v2 layout (magic 2), so stored batches could later be served to a
// Kafka-protocol listener unchanged. The producer encodes a batch once (record-encode.ts); the broker validates it
// (length, CRC-32C, and every record in one allocation-free pass: record-check.ts), writes the
// base offset in place (outside the CRC's range) and stores it; consumers check and decode it.
//
// Batch header (big-endian), 61 bytes:
//   0 baseOffset int64 | 8 batchLength int32 (bytes after this field) | 12 partitionLeaderEpoch int32
//   16 magic int8 = 2 | 17 crc uint32 (CRC-32C of bytes 21..end) | 21 attributes int16
//   23 lastOffsetDelta int32 | 27 baseTimestamp int64 | 35 maxTimestamp int64 | 43 producerId int64
//   51 producerEpoch int16 | 53 baseSequence int32 | 57 recordCount int32 | 61 records...
// Record: length, attributes int8, timestampDelta, offsetDelta, keyLength, key, valueLength,
// value, headerCount, then per header keyLength, key, valueLength, value — every length and
// delta a zig-zag varint, -1 meaning null.
import { CompressionError, compressRecords, decompressRecords, type CompressionType } from './compression/index.js';
import { crc32c } from './crc32c.js';
import { ErrorCode, ProtocolError } from './errors.js';
import { checkRecords, firstRecordAtOrAfter } from './record-check.js';
import { readBatchRecords, type RecordFactory } from './record-read.js';
import { BATCH_HEADER_BYTES, BATCH_MAGIC, TRANSACTIONAL_FLAG } from './record-encode.js';
import { ByteReader } from './varint.js';

export {
  BATCH_HEADER_BYTES,
  BATCH_MAGIC,
  encodeRecordBatch,
  NO_PRODUCER_ID,
  TRANSACTIONAL_FLAG,
  type BatchProducer,
  type HeaderValue,
  type RecordHeaders,
  type RecordInput,
} from './record-encode.js';

const LENGTH_FIELD_END = 12;
const CRC_OFFSET = 17;
const CRC_START = 21;
const COMPRESSION_MASK = 0x07;
const LAST_OFFSET_DELTA_AT = 23;
const MAX_TIMESTAMP_AT = 35;
const ATTRIBUTES_AT = 21;
const PRODUCER_ID_AT = 43;
const PRODUCER_EPOCH_AT = 51;
const BASE_SEQUENCE_AT = 53;
/** Attribute bit, as Kafka's: the batch is a commit/abort marker (TRANSACTIONAL_FLAG: record-encode.ts). */
export const CONTROL_FLAG = 0x20;

export interface DecodedRecord {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | Buffer[]>;
}

/** What the broker learns from a batch without decoding its records. */
export interface BatchInfo {
  start: number;
  end: number;
  recordCount: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  /** -1 unless the producer is idempotent. */
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  transactional: boolean;
  control: boolean;
}

/**
 * Compresses the records of a batch encodeRecordBatch made (Kafka compresses the records
 * section only; the header stays readable): sets the codec in the attributes, recomputes the CRC.
 */
export function compressBatch(batch: Buffer, type: CompressionType): Buffer {
  if (type === 0) return batch;
  const records = compressRecords(type, batch.subarray(BATCH_HEADER_BYTES));
  const out = Buffer.allocUnsafe(BATCH_HEADER_BYTES + records.length);
  batch.copy(out, 0, 0, BATCH_HEADER_BYTES);
  records.copy(out, BATCH_HEADER_BYTES);
  out.writeInt32BE(out.length - LENGTH_FIELD_END, 8);
  out.writeInt16BE((batch.readInt16BE(21) & ~COMPRESSION_MASK) | type, 21);
  out.writeUInt32BE(crc32c(out, CRC_START, out.length), CRC_OFFSET);
  return out;
}

const corrupt = (why: string) => new ProtocolError(ErrorCode.CORRUPT_MESSAGE, `corrupt record batch: ${why}`);

/** Where a batch's records are: in the batch itself, or in the buffer they decompressed to. */
export interface RecordsRegion {
  buf: Buffer;
  start: number;
  end: number;
}

/**
 * The records of the batch in view[start, end) (length and CRC already checked), decompressed if
 * need be, or why the batch cannot be used: magic, codec, count against lastOffsetDelta, then
 * every record.
 */
function openRecords(view: Buffer, start: number, end: number): RecordsRegion | string {
  const magic = view.readInt8(start + 16);
  if (magic !== BATCH_MAGIC) return `unsupported magic ${magic}`;
  const recordCount = view.readInt32BE(start + 57);
  if (recordCount <= 0 || view.readInt32BE(start + 23) !== recordCount - 1)
    return 'record count and last offset delta disagree';
  const baseTimestamp = Number(view.readBigInt64BE(start + 27));
  const maxTimestamp = Number(view.readBigInt64BE(start + MAX_TIMESTAMP_AT));
  if (!Number.isSafeInteger(baseTimestamp) || !Number.isSafeInteger(maxTimestamp)) return 'timestamps are out of range';
  let region: RecordsRegion = { buf: view, start: start + BATCH_HEADER_BYTES, end };
  const codec = view.readInt16BE(start + 21) & COMPRESSION_MASK;
  if (codec !== 0) {
    try {
      const records = decompressRecords(codec, view.subarray(region.start, end));
      region = { buf: records, start: 0, end: records.length };
    } catch (err) {
      if (err instanceof CompressionError) return err.message;
      throw err;
    }
  }
  const problem = checkRecords(region.buf, region.start, region.end, { recordCount, baseTimestamp, maxTimestamp });
  return problem ?? region;
}

/**
 * Validates the batches laid back to back in `bytes` (as a producer sends them): lengths, magic,
 * CRC-32C, and every record inside (record-check.ts). Throws ProtocolError CORRUPT_MESSAGE or
 * MESSAGE_TOO_LARGE; returns one BatchInfo per batch.
 */
export function inspectBatches(bytes: Uint8Array, maxBatchBytes: number): BatchInfo[] {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const batches: BatchInfo[] = [];
  let start = 0;
  if (view.length === 0) throw corrupt('no record batch');
  while (start < view.length) {
    if (view.length - start < BATCH_HEADER_BYTES) throw corrupt('truncated batch header');
    const batchLength = view.readInt32BE(start + 8);
    const end = start + LENGTH_FIELD_END + batchLength;
    if (batchLength + LENGTH_FIELD_END > maxBatchBytes) {
      throw new ProtocolError(
        ErrorCode.MESSAGE_TOO_LARGE,
        `record batch of ${batchLength + LENGTH_FIELD_END} bytes exceeds the maximum of ${maxBatchBytes}`,
      );
    }
    if (batchLength < BATCH_HEADER_BYTES - LENGTH_FIELD_END || end > view.length)
      throw corrupt('batch length does not match the bytes sent');
    if (crc32c(view, start + CRC_START, end) !== view.readUInt32BE(start + CRC_OFFSET))
      throw corrupt('checksum mismatch');
    const opened = openRecords(view, start, end);
    if (typeof opened === 'string') throw corrupt(opened);
    const recordCount = view.readInt32BE(start + 57);
    const attributes = view.readInt16BE(start + ATTRIBUTES_AT);
    batches.push({
      start,
      end,
      recordCount,
      lastOffsetDelta: recordCount - 1,
      baseTimestamp: Number(view.readBigInt64BE(start + 27)),
      maxTimestamp: Number(view.readBigInt64BE(start + MAX_TIMESTAMP_AT)),
      producerId: Number(view.readBigInt64BE(start + PRODUCER_ID_AT)),
      producerEpoch: view.readInt16BE(start + PRODUCER_EPOCH_AT),
      baseSequence: view.readInt32BE(start + BASE_SEQUENCE_AT),
      transactional: (attributes & TRANSACTIONAL_FLAG) !== 0,
      control: (attributes & CONTROL_FLAG) !== 0,
    });
    start = end;
  }
  return batches;
}

export function setBaseOffset(batch: Buffer, baseOffset: number): void {
  batch.writeBigInt64BE(BigInt(baseOffset), 0);
}

export function readBaseOffset(batch: Uint8Array, at = 0): number {
  return Number(Buffer.from(batch.buffer, batch.byteOffset, batch.length).readBigInt64BE(at));
}

/** A stored batch's largest record timestamp, from its header. */
export function readMaxTimestamp(batch: Buffer): number {
  return Number(batch.readBigInt64BE(MAX_TIMESTAMP_AT));
}

/**
 * Stored batches laid back to back, as views of `bytes` (each batch's length is in its header).
 * Bytes that do not split (a damaged file) stay one last piece, for the consumer's checks to report.
 */
export function splitBatches(bytes: Buffer): Buffer[] {
  const batches: Buffer[] = [];
  let at = 0;
  while (at < bytes.length) {
    const end = at + LENGTH_FIELD_END + (bytes.length - at >= BATCH_HEADER_BYTES ? bytes.readInt32BE(at + 8) : -1);
    if (end < at + BATCH_HEADER_BYTES || end > bytes.length) {
      batches.push(bytes.subarray(at));
      break;
    }
    batches.push(bytes.subarray(at, end));
    at = end;
  }
  return batches;
}

/** The offset just after a stored batch's last record (base offset + lastOffsetDelta + 1). */
export function nextOffsetAfter(batch: Buffer): number {
  return readBaseOffset(batch) + batch.readInt32BE(LAST_OFFSET_DELTA_AT) + 1;
}

/** The first batch that cannot be used, where it sits in the log and what is wrong with it. */
export interface CorruptBatch {
  baseOffset: number;
  /** The offset after the batch as its header states it (the broker stores it under that range); a seek there skips it. */
  nextOffset: number;
  error: ProtocolError;
}

export interface DecodedBatches {
  /** The records of every batch before the first corrupt one. */
  records: DecodedRecord[];
  corrupt?: CorruptBatch;
  /** The offset after the last whole batch read (skipped ones included); undefined when none was. */
  nextOffset?: number;
}

/** An aborted transaction as Fetch reports it: the producer and the first offset it wrote. */
export interface AbortedRange {
  producerId: number;
  firstOffset: number;
}

/** Control types of a marker's key (Kafka's): 0 = abort, 1 = commit. */
export const CONTROL_TYPE_ABORT = 0;
export const CONTROL_TYPE_COMMIT = 1;

/**
 * The control type of a control batch whose records lie in records[start, end)
 * (CONTROL_TYPE_ABORT or CONTROL_TYPE_COMMIT), read from its first record's key; undefined when
 * that key is not a 4-byte control key.
 */
export function controlType(records: Buffer, start: number, end: number): number | undefined {
  const reader = new ByteReader(records, start, end);
  try {
    reader.zigzag(); // record length
    reader.int8(); // attributes
    reader.zigzag(); // timestamp delta
    reader.zigzag(); // offset delta
    if (reader.zigzag() !== 4 || reader.offset + 4 > end) return undefined;
    return records.readInt16BE(reader.offset + 2);
  } catch {
    return undefined;
  }
}

/** A data batch that passed every check: where its (decompressed) records are. */
export interface UsableBatch {
  baseOffset: number;
  lastOffset: number;
  baseTimestamp: number;
  records: RecordsRegion;
}

export interface ScannedBatches {
  /** The data batches before the first corrupt one (markers and aborted transactions left out). */
  batches: UsableBatch[];
  corrupt?: CorruptBatch;
  /** The offset after the last whole batch read (skipped ones included); undefined when none was. */
  nextOffset?: number;
}

/**
 * Checks the batches laid back to back in `bytes` (as Fetch returns them) as produce does, and
 * stops at the first corrupt batch; nothing is decoded into objects (readBatchRecords does that,
 * when the records are wanted). A trailing partial batch is ignored, as Kafka clients do. Control
 * batches (transaction markers) are left out; with `aborted` (a read_committed Fetch's aborted
 * transactions) the batches of those transactions are too, up to each one's abort marker.
 */
export function scanUsableBatches(
  bytes: Uint8Array,
  verifyCrc = true,
  aborted: readonly AbortedRange[] = [],
): ScannedBatches {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const batches: UsableBatch[] = [];
  const pendingAborts = aborted.length > 1 ? [...aborted].sort((a, b) => a.firstOffset - b.firstOffset) : aborted;
  let nextAbort = 0;
  const abortedProducers = new Set<number>();
  let nextOffset: number | undefined;
  let start = 0;
  while (view.length - start >= BATCH_HEADER_BYTES) {
    const batchLength = view.readInt32BE(start + 8);
    const end = start + LENGTH_FIELD_END + batchLength;
    if (end > view.length) break;
    const baseOffset = Number(view.readBigInt64BE(start));
    let opened: RecordsRegion | string;
    if (batchLength < BATCH_HEADER_BYTES - LENGTH_FIELD_END) opened = 'batch length is shorter than its header';
    else if (verifyCrc && crc32c(view, start + CRC_START, end) !== view.readUInt32BE(start + CRC_OFFSET))
      opened = 'checksum mismatch';
    else opened = openRecords(view, start, end);
    if (typeof opened === 'string') {
      const after = baseOffset + Math.max(0, view.readInt32BE(start + 23)) + 1;
      return {
        batches,
        corrupt: { baseOffset, nextOffset: after, error: corrupt(`${opened} (batch at offset ${baseOffset})`) },
        nextOffset,
      };
    }
    const lastOffset = baseOffset + view.readInt32BE(start + LAST_OFFSET_DELTA_AT);
    nextOffset = lastOffset + 1;
    // Aborted transactions that started at or before this batch apply to it (Kafka's rule).
    while (nextAbort < pendingAborts.length && pendingAborts[nextAbort]!.firstOffset <= lastOffset)
      abortedProducers.add(pendingAborts[nextAbort++]!.producerId);
    const attributes = view.readInt16BE(start + ATTRIBUTES_AT);
    const producerId = Number(view.readBigInt64BE(start + PRODUCER_ID_AT));
    if ((attributes & CONTROL_FLAG) !== 0) {
      if (controlType(opened.buf, opened.start, opened.end) === CONTROL_TYPE_ABORT) abortedProducers.delete(producerId);
    } else if ((attributes & TRANSACTIONAL_FLAG) === 0 || !abortedProducers.has(producerId)) {
      batches.push({ baseOffset, lastOffset, baseTimestamp: Number(view.readBigInt64BE(start + 27)), records: opened });
    }
    start = end;
  }
  return { batches, nextOffset };
}

/**
 * Decodes the batches laid back to back in `bytes` into records with absolute offsets:
 * scanUsableBatches, then every record of every usable batch. Linear in the bytes.
 */
export function decodeUsableBatches(
  bytes: Uint8Array,
  verifyCrc = true,
  aborted: readonly AbortedRange[] = [],
): DecodedBatches {
  const { batches, corrupt, nextOffset } = scanUsableBatches(bytes, verifyCrc, aborted);
  const records: DecodedRecord[] = [];
  for (const batch of batches) readBatchRecords(batch, -Infinity, decodedRecord, records);
  return corrupt ? { records, corrupt, nextOffset } : { records, nextOffset };
}

const decodedRecord: RecordFactory<DecodedRecord> = (offset, timestamp, key, value, headers) => ({
  offset,
  timestamp,
  key,
  value,
  headers,
});

/**
 * The offset and timestamp of the first record of one stored batch at or after `timestamp`
 * with an offset of at least `minOffset`, or undefined. Checks the batch as produce does, then
 * reads only record lengths and timestamps. Throws ProtocolError CORRUPT_MESSAGE.
 */
export function findRecordByTimestamp(
  batch: Uint8Array,
  timestamp: number,
  minOffset: number,
): { offset: number; timestamp: number } | undefined {
  const view = Buffer.from(batch.buffer, batch.byteOffset, batch.length);
  if (view.length < BATCH_HEADER_BYTES || LENGTH_FIELD_END + view.readInt32BE(8) !== view.length)
    throw corrupt('batch length does not match its bytes');
  const opened = openRecords(view, 0, view.length);
  if (typeof opened === 'string') throw corrupt(opened);
  const baseOffset = Number(view.readBigInt64BE(0));
  const found = firstRecordAtOrAfter(
    opened.buf,
    opened.start,
    opened.end,
    Number(view.readBigInt64BE(27)),
    timestamp,
    minOffset - baseOffset,
  );
  return found && { offset: baseOffset + found.index, timestamp: found.timestamp };
}

/** decodeUsableBatches, throwing ProtocolError CORRUPT_MESSAGE at a corrupt batch. */
export function decodeRecordBatches(bytes: Uint8Array, verifyCrc = true): DecodedRecord[] {
  const { records, corrupt: bad } = decodeUsableBatches(bytes, verifyCrc);
  if (bad) throw bad.error;
  return records;
}
