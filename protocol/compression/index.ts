// Compressing and decompressing the records section of a batch, by codec number.
import { CompressionError, MAX_DECOMPRESSED_BYTES, type CompressionType } from './codecs.js';
import { gzipCompress, gzipDecompress } from './gzip.js';
import { lz4Compress, lz4Decompress } from './lz4.js';
import { snappyCompress, snappyDecompress } from './snappy.js';
import { zstdCompress, zstdDecompress, zstdReady } from './zstd.js';

export * from './codecs.js';

/** Resolves once every codec can run (zstd's WebAssembly module loads asynchronously). */
export const compressionReady = (): Promise<void> => zstdReady;

interface Codec {
  compress(data: Uint8Array): Buffer;
  decompress(data: Uint8Array, maxBytes: number): Buffer;
}

const CODECS: Record<Exclude<CompressionType, 0>, Codec> = {
  1: { compress: gzipCompress, decompress: gzipDecompress },
  2: { compress: snappyCompress, decompress: snappyDecompress },
  3: { compress: lz4Compress, decompress: lz4Decompress },
  4: { compress: zstdCompress, decompress: zstdDecompress },
};

export function compressRecords(type: Exclude<CompressionType, 0>, data: Uint8Array): Buffer {
  return CODECS[type].compress(data);
}

/** Throws CompressionError for an unknown codec, bad data, or more than `maxBytes` of output. */
export function decompressRecords(type: number, data: Uint8Array, maxBytes = MAX_DECOMPRESSED_BYTES): Buffer {
  const codec = CODECS[type as Exclude<CompressionType, 0>];
  if (!codec) throw new CompressionError(`unknown compression codec ${type}`);
  return codec.decompress(data, maxBytes);
}
