// Hand-built record batches for integrity tests: every field is spelled out, so a test can write
// records whose lengths, deltas, varints or timestamps disagree, and still get a valid CRC.
import { crc32c } from '../../protocol/crc32c.js';
import { BATCH_HEADER_BYTES, BATCH_MAGIC } from '../../protocol/record-batch.js';
import { writeZigzag, zigzagSize } from '../../protocol/varint.js';

/** A record field: a number is written as a zig-zag varint, bytes are written as they are. */
export type Part = number | Uint8Array;

const BASE_TIMESTAMP = 1_700_000_000_000;

function concatParts(parts: readonly Part[]): Buffer {
  const chunks = parts.map((p) => {
    if (typeof p !== 'number') return Buffer.from(p);
    const b = Buffer.alloc(zigzagSize(p));
    writeZigzag(b, 0, p);
    return b;
  });
  return Buffer.concat(chunks);
}

/** One record: its length prefix (the body's length plus `lengthDelta`) and its body. */
export function rawRecord(body: readonly Part[], lengthDelta = 0): Buffer {
  const bytes = concatParts(body);
  return Buffer.concat([concatParts([bytes.length + lengthDelta]), bytes]);
}

/** The fields of a well-formed record: attributes, timestamp delta, offset delta, key, value, headers. */
export function recordBody(
  offsetDelta: number,
  value: string | null,
  options: { timestampDelta?: number; key?: string | null; headers?: [string, string | null][] } = {},
): Part[] {
  const bytesOf = (s: string | null | undefined): Part[] => (s == null ? [-1] : [Buffer.byteLength(s), Buffer.from(s)]);
  const headers = options.headers ?? [];
  return [
    Buffer.from([0]),
    options.timestampDelta ?? 0,
    offsetDelta,
    ...bytesOf(options.key ?? null),
    ...bytesOf(value),
    headers.length,
    ...headers.flatMap(([k, v]) => [...bytesOf(k), ...bytesOf(v)]),
  ];
}

export interface RawBatchHeader {
  recordCount: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
}

/** A batch of the given records; header fields default to what the records are meant to be. CRC is always valid. */
export function rawBatch(records: readonly Buffer[], header: Partial<RawBatchHeader> = {}): Buffer {
  const body = Buffer.concat(records);
  const buf = Buffer.alloc(BATCH_HEADER_BYTES + body.length);
  buf.writeBigInt64BE(0n, 0);
  buf.writeInt32BE(buf.length - 12, 8);
  buf.writeInt32BE(-1, 12);
  buf.writeInt8(BATCH_MAGIC, 16);
  buf.writeInt16BE(0, 21);
  buf.writeInt32BE(header.lastOffsetDelta ?? records.length - 1, 23);
  buf.writeBigInt64BE(BigInt(header.baseTimestamp ?? BASE_TIMESTAMP), 27);
  buf.writeBigInt64BE(BigInt(header.maxTimestamp ?? BASE_TIMESTAMP), 35);
  buf.writeBigInt64BE(-1n, 43);
  buf.writeInt16BE(-1, 51);
  buf.writeInt32BE(-1, 53);
  buf.writeInt32BE(header.recordCount ?? records.length, 57);
  body.copy(buf, BATCH_HEADER_BYTES);
  return withValidCrc(buf);
}

/** Recomputes the CRC-32C after a test changed bytes it covers. */
export function withValidCrc(batch: Buffer): Buffer {
  batch.writeUInt32BE(crc32c(batch, 21, batch.length), 17);
  return batch;
}

/** A valid batch built by hand, the baseline the corruptions below depart from. */
export const wellFormedBatch = () =>
  rawBatch([rawRecord(recordBody(0, 'a', { key: 'k', headers: [['h', 'v']] })), rawRecord(recordBody(1, 'b'))]);

/**
 * CRC-valid batches that break one rule each (every one a way the broker used to accept, or
 * ought to refuse), by name. A consumer given any of them must not loop.
 */
export function corruptBatches(): Record<string, Buffer> {
  const overlongVarint = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]);
  return {
    'offset deltas that repeat': rawBatch([rawRecord(recordBody(0, 'a')), rawRecord(recordBody(0, 'b'))]),
    'offset deltas that jump': rawBatch([rawRecord(recordBody(0, 'a')), rawRecord(recordBody(5, 'b'))]),
    'offset deltas out of order': rawBatch([rawRecord(recordBody(1, 'a')), rawRecord(recordBody(0, 'b'))]),
    'lastOffsetDelta not recordCount - 1': rawBatch([rawRecord(recordBody(0, 'a')), rawRecord(recordBody(1, 'b'))], {
      lastOffsetDelta: 5,
    }),
    'recordCount above the records present': rawBatch([rawRecord(recordBody(0, 'a'))], {
      recordCount: 2,
      lastOffsetDelta: 1,
    }),
    'record longer than its fields': rawBatch([rawRecord([...recordBody(0, 'a'), Buffer.from([0, 0, 0])])]),
    'key length past its record': rawBatch([rawRecord([Buffer.from([0]), 0, 0, 40, Buffer.from('k'), -1, 0])]),
    'value length below -1': rawBatch([rawRecord([Buffer.from([0]), 0, 0, -1, -7, 0])]),
    'negative header count': rawBatch([rawRecord([Buffer.from([0]), 0, 0, -1, 1, Buffer.from('a'), -3])]),
    'header count above the headers present': rawBatch([
      rawRecord([Buffer.from([0]), 0, 0, -1, 1, Buffer.from('a'), 1000, 1, Buffer.from('h'), -1]),
    ]),
    'null header key': rawBatch([rawRecord([Buffer.from([0]), 0, 0, -1, 1, Buffer.from('a'), 1, -1, -1])]),
    'header value length past its record': rawBatch([
      rawRecord([Buffer.from([0]), 0, 0, -1, 1, Buffer.from('a'), 1, 1, Buffer.from('h'), 50, Buffer.from('v')]),
    ]),
    'malformed varint': rawBatch([rawRecord([Buffer.from([0]), overlongVarint, 0, -1, 1, Buffer.from('a'), 0])]),
    'timestamp above maxTimestamp': rawBatch([rawRecord(recordBody(0, 'a', { timestampDelta: 10 }))]),
    'maxTimestamp above every record': rawBatch([rawRecord(recordBody(0, 'a'))], {
      maxTimestamp: BASE_TIMESTAMP + 1000,
    }),
    'negative timestamp': rawBatch([rawRecord(recordBody(0, 'a', { timestampDelta: -5 }))], {
      baseTimestamp: 2,
      maxTimestamp: 2,
    }),
    'bytes left after the last record': rawBatch([rawRecord(recordBody(0, 'a')), Buffer.from([0x02, 0x00])], {
      recordCount: 1,
      lastOffsetDelta: 0,
    }),
  };
}

/**
 * One record carrying `count` headers with an empty name and an empty value (2 bytes each): the
 * input that made header decoding quadratic. Built directly, as encoding it field by field is slow.
 */
export function manyHeadersBatch(count: number): Buffer {
  return rawBatch([rawRecord([...recordBody(0, 'v').slice(0, -1), count, Buffer.alloc(count * 2)])]);
}

export { BASE_TIMESTAMP };
