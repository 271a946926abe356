// The record-level check of one v2 batch (layout in record-batch.ts): every record's length,
// varints, offset delta, timestamp, key, value and headers, and nothing left over. It runs on
// the produce hot path, so it is one pass over the bytes with one cursor object per batch and
// nothing allocated per record; failures are returned as a reason, not thrown.

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

/** A read position over one batch's records; one per check, none per record. */
class Cursor {
  constructor(
    readonly buf: Uint8Array,
    public at: number,
  ) {}

  /** A zig-zag varint of at most `maxBytes`, not past `end`; MALFORMED otherwise. */
  varint(end: number, maxBytes: number): number {
    // Up to 4 bytes (28 bits) in integer arithmetic: every length and delta of a usual record.
    const buf = this.buf;
    let at = this.at;
    let raw = 0;
    for (let shift = 0; shift < 28 && at < end; shift += 7) {
      const byte = buf[at++]!;
      raw |= (byte & 127) << shift;
      if (byte < 128) {
        this.at = at;
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    return this.longVarint(end, maxBytes);
  }

  /** The general case in floating point, exact up to 2^53. */
  private longVarint(end: number, maxBytes: number): number {
    const buf = this.buf;
    let at = this.at;
    let raw = 0;
    let scale = 1;
    for (let i = 0; i < maxBytes && at < end; i++) {
      const byte = buf[at++]!;
      raw += (byte & 127) * scale;
      if (byte < 128) {
        this.at = at;
        return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
      }
      scale *= 128;
    }
    return MALFORMED;
  }

  int32(end: number): number {
    const value = this.varint(end, VARINT_MAX_BYTES);
    return value >= INT32_MIN && value <= INT32_MAX ? value : MALFORMED;
  }

  /** Skips a length-prefixed field; false when its length is not -1 (when allowed) or within `end`. */
  skipBytes(end: number, nullable: boolean): boolean {
    const length = this.int32(end);
    if (length === -1) return nullable;
    if (length < 0 || length > end - this.at) return false;
    this.at += length;
    return true;
  }
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
  const c = new Cursor(buf, start);
  for (let index = 0; index < recordCount; index++) {
    const length = c.int32(end);
    if (length < MIN_RECORD_BYTES || length > end - c.at) return `record ${index}: length runs past the batch`;
    const recordEnd = c.at + length;
    c.at++; // attributes: unused in v2
    const timestampDelta = c.varint(recordEnd, VARLONG_MAX_BYTES);
    if (timestampDelta === MALFORMED) return `record ${index}: malformed timestamp delta`;
    const timestamp = baseTimestamp + timestampDelta;
    if (!(timestamp >= 0 && timestamp <= maxTimestamp))
      return `record ${index}: timestamp ${timestamp} is outside 0..maxTimestamp ${maxTimestamp}`;
    if (timestamp > highest) highest = timestamp;
    const offsetDelta = c.int32(recordEnd);
    if (offsetDelta !== index)
      return `record ${index}: offset delta ${offsetDelta === MALFORMED ? 'malformed' : offsetDelta} (expected ${index})`;
    if (!c.skipBytes(recordEnd, true)) return `record ${index}: key length runs past the record`;
    if (!c.skipBytes(recordEnd, true)) return `record ${index}: value length runs past the record`;
    const headerCount = c.int32(recordEnd);
    if (headerCount < 0 || headerCount > (recordEnd - c.at) / MIN_HEADER_BYTES)
      return `record ${index}: header count does not fit the record`;
    for (let h = 0; h < headerCount; h++) {
      if (!c.skipBytes(recordEnd, false)) return `record ${index}: header ${h} key is null or runs past the record`;
      if (!c.skipBytes(recordEnd, true)) return `record ${index}: header ${h} value runs past the record`;
    }
    if (c.at !== recordEnd) return `record ${index}: length does not match its fields`;
  }
  if (c.at !== end) return `bytes left after record ${recordCount - 1}`;
  if (highest !== maxTimestamp) return `maxTimestamp ${maxTimestamp} is not the largest record timestamp ${highest}`;
  return undefined;
}

/**
 * In records checkRecords accepted, the index and timestamp of the first one at or after
 * `timestamp` whose index is at least `fromIndex`. Hops from record to record by their length
 * prefixes, so keys, values and headers are never read.
 */
export function firstRecordAtOrAfter(
  buf: Uint8Array,
  start: number,
  end: number,
  baseTimestamp: number,
  timestamp: number,
  fromIndex: number,
): { index: number; timestamp: number } | undefined {
  const c = new Cursor(buf, start);
  for (let index = 0; c.at < end; index++) {
    const length = c.int32(end);
    const recordEnd = c.at + length;
    c.at++;
    const recordTimestamp = baseTimestamp + c.varint(recordEnd, VARLONG_MAX_BYTES);
    if (index >= fromIndex && recordTimestamp >= timestamp) return { index, timestamp: recordTimestamp };
    c.at = recordEnd;
  }
  return undefined;
}
