// LZ4 frames (Kafka's LZ4 since record batch v2). The frame header says the largest block size,
// and each block states its stored size, so walking the block headers gives an upper bound of
// the decompressed size before anything is decompressed.
import { compressFrameSync, decompressFrameSync } from 'lz4-napi';
import { CompressionError } from './codecs.js';

const MAGIC = 0x184d2204;
const BLOCK_MAX_BYTES: Record<number, number> = { 4: 64 << 10, 5: 256 << 10, 6: 1 << 20, 7: 4 << 20 };

export const lz4Compress = (data: Uint8Array): Buffer => compressFrameSync(Buffer.from(data));

export function lz4Decompress(data: Uint8Array, maxBytes: number): Buffer {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.length);
  const bound = decompressedBound(bytes);
  if (bound > maxBytes) throw new CompressionError(`lz4 data may expand past ${maxBytes} bytes`);
  let out: Buffer;
  try {
    out = decompressFrameSync(bytes);
  } catch {
    throw new CompressionError('invalid lz4 data');
  }
  if (out.length > maxBytes) throw new CompressionError(`lz4 data expands past ${maxBytes} bytes`);
  return out;
}

/** The most bytes the frame(s) can decompress to; throws when the framing is broken. */
function decompressedBound(bytes: Buffer): number {
  let bound = 0;
  let at = 0;
  while (at < bytes.length) {
    if (bytes.length - at < 7 || bytes.readUInt32LE(at) !== MAGIC) throw new CompressionError('not an lz4 frame');
    const flags = bytes[at + 4]!;
    const blockMax = BLOCK_MAX_BYTES[(bytes[at + 5]! >> 4) & 0x07];
    if (flags >> 6 !== 1 || blockMax === undefined) throw new CompressionError('unsupported lz4 frame header');
    const blockChecksum = (flags & 0x10) !== 0;
    at += 4 + 2 + (flags & 0x08 ? 8 : 0) + (flags & 0x01 ? 4 : 0) + 1;
    for (;;) {
      if (bytes.length - at < 4) throw new CompressionError('truncated lz4 frame');
      const word = bytes.readUInt32LE(at);
      at += 4;
      if (word === 0) break;
      const size = word & 0x7fffffff;
      const stored = (word & 0x80000000) !== 0;
      if (size > blockMax) throw new CompressionError('lz4 block larger than the frame allows');
      at += size + (blockChecksum ? 4 : 0);
      if (at > bytes.length) throw new CompressionError('lz4 block runs past the data');
      bound += stored ? size : blockMax;
    }
    if (flags & 0x04) at += 4;
  }
  return bound;
}
