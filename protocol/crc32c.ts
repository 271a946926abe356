// CRC-32C (Castagnoli), the checksum Kafka's record batches use. @node-rs/crc32 computes it with
// the CPU's CRC instructions (prebuilt binaries, nothing compiles on install): measured 3.5x
// faster at 1 KiB and 6x at 4 KiB than the slice-by-8 JavaScript below, which stays as the
// fallback when the native module cannot load and for short inputs, where the call costs more
// than it saves (the two cross near 200 bytes).
import { createRequire } from 'node:module';

const POLY = 0x82f63b78;
const tables: Uint32Array[] = [];

for (let t = 0; t < 8; t++) tables.push(new Uint32Array(256));
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
  tables[0]![n] = c >>> 0;
}
for (let n = 0; n < 256; n++) {
  let c = tables[0]![n]!;
  for (let t = 1; t < 8; t++) {
    c = tables[0]![c & 0xff]! ^ (c >>> 8);
    tables[t]![n] = c >>> 0;
  }
}
const [t0, t1, t2, t3, t4, t5, t6, t7] = tables as [
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
];

type NativeCrc32c = (input: Buffer) => number;

function loadNative(): NativeCrc32c | undefined {
  try {
    const native = (createRequire(import.meta.url)('@node-rs/crc32') as { crc32c?: NativeCrc32c }).crc32c;
    // Checked once against the standard check value, so a broken build can never corrupt checksums.
    return native?.(Buffer.from('123456789')) === 0xe3069283 ? native : undefined;
  } catch {
    return undefined;
  }
}

const native = loadNative();
const NATIVE_FROM_BYTES = 256;

/** Which implementation crc32c uses for inputs of NATIVE_FROM_BYTES or more. */
export const crc32cImplementation: 'native' | 'javascript' = native ? 'native' : 'javascript';

/** CRC-32C of bytes[start, end). */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (native && end - start >= NATIVE_FROM_BYTES)
    return native(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start));
  return crc32cJs(bytes, start, end);
}

/** The JavaScript implementation: slice-by-8 tables. */
export function crc32cJs(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffffffff;
  let i = start;
  const fastEnd = end - ((end - start) % 8);
  while (i < fastEnd) {
    const lo = (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) ^ crc;
    crc =
      t7[lo & 0xff]! ^
      t6[(lo >>> 8) & 0xff]! ^
      t5[(lo >>> 16) & 0xff]! ^
      t4[lo >>> 24]! ^
      t3[bytes[i + 4]!]! ^
      t2[bytes[i + 5]!]! ^
      t1[bytes[i + 6]!]! ^
      t0[bytes[i + 7]!]!;
    i += 8;
  }
  while (i < end) crc = t0[(crc ^ bytes[i++]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
