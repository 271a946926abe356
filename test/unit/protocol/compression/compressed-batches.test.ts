// Compressed record batches: every codec round-trips through the broker's checks and the
// consumer's decoder; bad or oversized compressed data is refused as a corrupt batch.
import { gzipSync } from 'node:zlib';
import { compressSync } from 'snappy';
import { beforeAll, describe, expect, it } from 'vitest';
import { crc32c } from '../../../../protocol/crc32c.js';
import {
  CompressionTypes,
  MAX_DECOMPRESSED_BYTES,
  compressionReady,
  decompressRecords,
  type CompressionType,
} from '../../../../protocol/compression/index.js';
import {
  BATCH_HEADER_BYTES,
  compressBatch,
  decodeRecordBatches,
  encodeRecordBatch,
  findRecordByTimestamp,
  inspectBatches,
} from '../../../../protocol/record-batch.js';

const records = Array.from({ length: 50 }, (_, i) => ({
  key: `key-${i}`,
  value: `value ${i} `.repeat(20),
  headers: { trace: `t${i}` },
  timestamp: 1_700_000_000_000 + i,
}));
const codecs = Object.entries(CompressionTypes).filter(([, type]) => type !== 0) as [string, CompressionType][];

/** A batch whose records section is `payload`, marked with codec `type`, with a valid CRC. */
function batchWith(type: number, payload: Buffer, recordCount = 1): Buffer {
  const header = encodeRecordBatch([{ value: 'x', timestamp: 1 }]).subarray(0, BATCH_HEADER_BYTES);
  const out = Buffer.concat([header, payload]);
  out.writeInt32BE(out.length - 12, 8);
  out.writeInt16BE(type, 21);
  out.writeInt32BE(recordCount - 1, 23);
  out.writeInt32BE(recordCount, 57);
  out.writeUInt32BE(crc32c(out, 21, out.length), 17);
  return out;
}

describe('compressed record batches', () => {
  beforeAll(() => compressionReady());

  it.each(codecs)('%s: compresses, passes the broker checks, decodes to the same records', (_name, type) => {
    const plain = encodeRecordBatch(records);
    const compressed = compressBatch(plain, type);
    expect(compressed.readInt16BE(21) & 0x07).toBe(type);
    expect(compressed.length).toBeLessThan(plain.length);
    expect(inspectBatches(compressed, 1 << 20)).toEqual(
      inspectBatches(plain, 1 << 20).map((b) => ({ ...b, end: compressed.length })),
    );
    expect(decodeRecordBatches(compressed)).toEqual(decodeRecordBatches(plain));
    expect(findRecordByTimestamp(compressed, 1_700_000_000_010, 0)).toEqual({
      offset: 10,
      timestamp: 1_700_000_000_010,
    });
  });

  it('reads Java-style xerial-framed snappy', () => {
    const plain = encodeRecordBatch(records);
    const body = plain.subarray(BATCH_HEADER_BYTES);
    const half = body.length >> 1;
    // Magic, version 1, compatible version 1, then each raw block after its int32 length.
    const framed: Buffer[] = [Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0, 0, 0, 0, 1, 0, 0, 0, 1])];
    for (const part of [body.subarray(0, half), body.subarray(half)]) {
      const block = compressSync(Buffer.from(part));
      const length = Buffer.alloc(4);
      length.writeInt32BE(block.length);
      framed.push(length, block);
    }
    const batch = Buffer.concat([plain.subarray(0, BATCH_HEADER_BYTES), ...framed]);
    batch.writeInt32BE(batch.length - 12, 8);
    batch.writeInt16BE(CompressionTypes.Snappy, 21);
    batch.writeUInt32BE(crc32c(batch, 21, batch.length), 17);
    expect(decodeRecordBatches(batch)).toEqual(decodeRecordBatches(plain));
  });

  it('refuses an unknown codec, and data that is not what its codec says', () => {
    const garbage = Buffer.from('definitely not compressed data');
    for (const type of [1, 2, 3, 4, 5, 6, 7]) {
      expect(() => inspectBatches(batchWith(type, garbage), 1 << 20), `codec ${type}`).toThrow(/corrupt record batch/);
    }
  });

  it('refuses records that would decompress past the bound (zip bombs), before allocating them', () => {
    const bomb = gzipSync(Buffer.alloc(MAX_DECOMPRESSED_BYTES + 1));
    expect(bomb.length).toBeLessThan(1 << 20);
    expect(() => inspectBatches(batchWith(CompressionTypes.GZIP, bomb), 1 << 20)).toThrow(/expands past/);
    // Snappy states its length up front: a preamble claiming 1 GiB is refused without decoding.
    const claim = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x04, 0x00]);
    expect(() => decompressRecords(CompressionTypes.Snappy, claim)).toThrow(/expands past/);
    const zeros = Buffer.alloc(4 << 20);
    for (const type of [CompressionTypes.LZ4, CompressionTypes.ZSTD, CompressionTypes.Snappy, CompressionTypes.GZIP]) {
      const batch = compressBatch(encodeRecordBatch([{ value: zeros }]), type);
      expect(() => decompressRecords(type, batch.subarray(BATCH_HEADER_BYTES), 1 << 20), `codec ${type}`).toThrow(
        /past/,
      );
    }
  });

  it('refuses a zstd frame whose stated content size is larger than its blocks can produce', () => {
    const batch = compressBatch(encodeRecordBatch([{ value: 'small' }]), CompressionTypes.ZSTD);
    const frame = Buffer.from(batch.subarray(BATCH_HEADER_BYTES));
    // The encoder writes a single-segment frame with a one-byte content size (descriptor 0x20).
    expect(frame[4]).toBe(0x20);
    expect(decompressRecords(CompressionTypes.ZSTD, frame).length).toBe(frame[5]);
    frame[5] = 255;
    expect(() => decompressRecords(CompressionTypes.ZSTD, frame)).toThrow(/content size/);
  });
});
