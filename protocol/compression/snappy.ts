// Snappy as Kafka clients send it: raw Snappy (KafkaJS, librdkafka), or the Java client's xerial
// framing (a magic header, then length-prefixed raw blocks). Each raw block states its
// uncompressed length up front, so the bound is checked before anything is decompressed.
import { compressSync, uncompressSync } from 'snappy';
import { CompressionError } from './codecs.js';

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;

export const snappyCompress = (data: Uint8Array): Buffer => compressSync(Buffer.from(data));

export function snappyDecompress(data: Uint8Array, maxBytes: number): Buffer {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.length);
  if (bytes.length >= XERIAL_HEADER_BYTES && bytes.subarray(0, 8).equals(XERIAL_MAGIC)) {
    const blocks: Buffer[] = [];
    let total = 0;
    for (let at = XERIAL_HEADER_BYTES; at < bytes.length;) {
      if (bytes.length - at < 4) throw new CompressionError('truncated xerial snappy block length');
      const length = bytes.readInt32BE(at);
      at += 4;
      if (length < 0 || length > bytes.length - at)
        throw new CompressionError('xerial snappy block runs past the data');
      const block = rawBlock(bytes.subarray(at, at + length), maxBytes - total);
      total += block.length;
      blocks.push(block);
      at += length;
    }
    return Buffer.concat(blocks, total);
  }
  return rawBlock(bytes, maxBytes);
}

function rawBlock(block: Buffer, maxBytes: number): Buffer {
  const length = uncompressedLength(block);
  if (length > maxBytes) throw new CompressionError(`snappy data expands past the bound (${length} bytes)`);
  try {
    return uncompressSync(block, { asBuffer: true }) as Buffer;
  } catch {
    throw new CompressionError('invalid snappy data');
  }
}

/** The varint preamble of a raw Snappy block. */
function uncompressedLength(block: Buffer): number {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (i >= block.length) break;
    const byte = block[i]!;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) return value;
  }
  throw new CompressionError('invalid snappy length preamble');
}
