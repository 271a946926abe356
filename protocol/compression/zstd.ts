// Zstandard through a WebAssembly build (@bokuweb/zstd-wasm): nothing to compile on install and
// it runs on every Node version we support (node:zlib has zstd only from Node 22.15). Its
// decompress sizes the output from the frame header, so the frames are walked first: the
// header's content size, or the sum of the blocks' largest outputs, must fit the bound.
import { compress, decompress, init } from '@bokuweb/zstd-wasm';
import { CompressionError } from './codecs.js';

// The WebAssembly module loads asynchronously. Not a top-level await: that would keep CommonJS
// code from require()-ing the package. The broker and the clients await zstdReady on start.
let loaded = false;
let loadError: unknown;
export const zstdReady: Promise<void> = init().then(
  () => void (loaded = true),
  (err: unknown) => void (loadError = err),
);

function ensureLoaded(): void {
  if (loaded) return;
  throw new CompressionError(
    loadError === undefined
      ? 'the zstd codec is still loading'
      : `the zstd codec failed to load: ${(loadError as Error).message}`,
  );
}

const MAGIC = 0xfd2fb528;
const BLOCK_MAX_BYTES = 128 * 1024;
const LEVEL = 3;

export function zstdCompress(data: Uint8Array): Buffer {
  ensureLoaded();
  return Buffer.from(compress(data, LEVEL));
}

export function zstdDecompress(data: Uint8Array, maxBytes: number): Buffer {
  ensureLoaded();
  const bound = decompressedBound(Buffer.from(data.buffer, data.byteOffset, data.length));
  if (bound > maxBytes) throw new CompressionError(`zstd data may expand past ${maxBytes} bytes`);
  try {
    return Buffer.from(decompress(data, { defaultHeapSize: Math.max(bound, 1) }));
  } catch {
    throw new CompressionError('invalid zstd data');
  }
}

/** One frame only (what Kafka clients write); the most bytes it can decompress to. */
function decompressedBound(bytes: Buffer): number {
  if (bytes.length < 6 || bytes.readUInt32LE(0) !== MAGIC) throw new CompressionError('not a zstd frame');
  const descriptor = bytes[4]!;
  const singleSegment = (descriptor & 0x20) !== 0;
  const contentSizeBytes = [singleSegment ? 1 : 0, 2, 4, 8][descriptor >> 6]!;
  const dictionaryIdBytes = [0, 1, 2, 4][descriptor & 0x03]!;
  let at = 5 + (singleSegment ? 0 : 1) + dictionaryIdBytes;
  if (bytes.length < at + contentSizeBytes) throw new CompressionError('truncated zstd frame header');
  let contentSize: number | undefined;
  if (contentSizeBytes === 1) contentSize = bytes[at]!;
  else if (contentSizeBytes === 2) contentSize = bytes.readUInt16LE(at) + 256;
  else if (contentSizeBytes === 4) contentSize = bytes.readUInt32LE(at);
  else if (contentSizeBytes === 8) contentSize = Number(bytes.readBigUInt64LE(at));
  at += contentSizeBytes;
  let blocksBound = 0;
  for (let last = false; !last;) {
    if (bytes.length - at < 3) throw new CompressionError('truncated zstd block');
    const header = bytes.readUIntLE(at, 3);
    at += 3;
    last = (header & 1) === 1;
    const type = (header >> 1) & 0x03;
    const size = header >> 3;
    if (type === 3 || size > BLOCK_MAX_BYTES) throw new CompressionError('invalid zstd block');
    at += type === 1 ? 1 : size;
    if (at > bytes.length) throw new CompressionError('zstd block runs past the data');
    blocksBound += type === 2 ? BLOCK_MAX_BYTES : size;
  }
  if (descriptor & 0x04) at += 4;
  if (at !== bytes.length) throw new CompressionError('bytes after the zstd frame');
  // The frame's stated size is what the decoder allocates: it must be honest and within bounds.
  if (contentSize !== undefined && contentSize > blocksBound) throw new CompressionError('zstd content size is wrong');
  return contentSize ?? blocksBound;
}
