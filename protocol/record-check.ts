// The record-level check of one v2 batch (layout in record-batch.ts): every record's length,
// varints, offset delta, timestamp, key, value and headers, and nothing left over. It runs on
// the produce hot path, so it is one pass over the bytes that allocates nothing: the read
// position lives in a module variable and failures are returned as a reason, not thrown.

/** Most bytes a varint of an int32 field (lengths, deltas, counts) may take; a varlong takes 10. */
const VARINT_MAX_BYTES = 5;
const VARLONG_MAX_BYTES = 10;
const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);
/** A returned varint that was cut short, too long or out of range. */
const MALFORMED = Number.NEGATIVE_INFINITY;
/** attributes, timestamp delta, offset delta, key length, value length, header count: one byte each at least. */
const MIN_RECORD_BYTES = 6;
/** A header's key length and value length: one byte each at least. */
const MIN_HEADER_BYTES = 2;

let at = 0;

/** Reads a zig-zag varint of at most `maxBytes` at `at`, not past `end`; MALFORMED otherwise. */
function readVarint(buf: Uint8Array, end: number, maxBytes: number): number {
  let raw = 0;
  let scale = 1;
  for (let i = 0; i < maxBytes && at < end; i++) {
    const byte = buf[at++]!;
    raw += (byte & 127) * scale;
    if (byte < 128) return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    scale *= 128;
  }
  return MALFORMED;
}

function readInt32Varint(buf: Uint8Array, end: number): number {
  const value = readVarint(buf, end, VARINT_MAX_BYTES);
  return value >= INT32_MIN && value <= INT32_MAX ? value : MALFORMED;
}

/** Skips a length-prefixed field; false when its length is not -1 (when allowed) or within `end`. */
function skipBytes(buf: Uint8Array, end: number, nullable: boolean): boolean {
  const length = readInt32Varint(buf, end);
  if (length === -1) return nullable;
  if (length < 0 || length > end - at) return false;
  at += length;
  return true;
}

export interface BatchFacts {
  recordCount: number;
  baseTimestamp: number;
  maxTimestamp: number;
}

/**
 * Checks the records in buf[start, end) against the batch header's facts. Returns undefined
 * when they are exactly `recordCount` well-formed records with offset deltas 0..n-1, timestamps
 * from 0 to maxTimestamp with that maximum reached, and nothing after them; else why not.
 */
export function checkRecords(buf: Uint8Array, start: number, end: number, facts: BatchFacts): string | undefined {
  const { recordCount, baseTimestamp, maxTimestamp } = facts;
  if (recordCount > (end - start) / (MIN_RECORD_BYTES + 1)) return 'record count is larger than the bytes can hold';
  let highest = Number.NEGATIVE_INFINITY;
  at = start;
  for (let index = 0; index < recordCount; index++) {
    const length = readInt32Varint(buf, end);
    if (length < MIN_RECORD_BYTES || length > end - at) return `record ${index}: length runs past the batch`;
    const recordEnd = at + length;
    at++; // attributes: unused in v2
    const timestampDelta = readVarint(buf, recordEnd, VARLONG_MAX_BYTES);
    if (timestampDelta === MALFORMED) return `record ${index}: malformed timestamp delta`;
    const timestamp = baseTimestamp + timestampDelta;
    if (!(timestamp >= 0 && timestamp <= maxTimestamp)) return `record ${index}: timestamp ${timestamp} is outside 0..maxTimestamp ${maxTimestamp}`;
    if (timestamp > highest) highest = timestamp;
    const offsetDelta = readInt32Varint(buf, recordEnd);
    if (offsetDelta !== index) return `record ${index}: offset delta ${offsetDelta === MALFORMED ? 'malformed' : offsetDelta} (expected ${index})`;
    if (!skipBytes(buf, recordEnd, true)) return `record ${index}: key length runs past the record`;
    if (!skipBytes(buf, recordEnd, true)) return `record ${index}: value length runs past the record`;
    const headerCount = readInt32Varint(buf, recordEnd);
    if (headerCount < 0 || headerCount > (recordEnd - at) / MIN_HEADER_BYTES) return `record ${index}: header count does not fit the record`;
    for (let h = 0; h < headerCount; h++) {
      if (!skipBytes(buf, recordEnd, false)) return `record ${index}: header ${h} key is null or runs past the record`;
      if (!skipBytes(buf, recordEnd, true)) return `record ${index}: header ${h} value runs past the record`;
    }
    if (at !== recordEnd) return `record ${index}: length does not match its fields`;
  }
  if (at !== end) return `bytes left after record ${recordCount - 1}`;
  if (highest !== maxTimestamp) return `maxTimestamp ${maxTimestamp} is not the largest record timestamp ${highest}`;
  return undefined;
}

/**
 * In records checkRecords accepted, the index and timestamp of the first one at or after
 * `timestamp` whose index is at least `fromIndex`. Hops from record to record by their length
 * prefixes, so keys, values and headers are never read.
 */
export function firstRecordAtOrAfter(buf: Uint8Array, start: number, end: number, baseTimestamp: number, timestamp: number, fromIndex: number): { index: number; timestamp: number } | undefined {
  at = start;
  for (let index = 0; at < end; index++) {
    const length = readInt32Varint(buf, end);
    const recordEnd = at + length;
    at++;
    const recordTimestamp = baseTimestamp + readVarint(buf, recordEnd, VARLONG_MAX_BYTES);
    if (index >= fromIndex && recordTimestamp >= timestamp) return { index, timestamp: recordTimestamp };
    at = recordEnd;
  }
  return undefined;
}
