import { gunzipSync, gzipSync } from 'node:zlib';
import { CompressionError } from './codecs.js';

export const gzipCompress = (data: Uint8Array): Buffer => gzipSync(data);

export function gzipDecompress(data: Uint8Array, maxBytes: number): Buffer {
  try {
    return gunzipSync(data, { maxOutputLength: maxBytes });
  } catch (err) {
    const tooLarge = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw new CompressionError(tooLarge ? `gzip data expands past ${maxBytes} bytes` : `invalid gzip data`);
  }
}
