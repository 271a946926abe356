// CRC-32C (Castagnoli), the checksum Kafka's record batches use. Slice-by-8 tables keep it fast
// enough for the produce path in plain JavaScript.

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

/** CRC-32C of bytes[start, end). */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
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
