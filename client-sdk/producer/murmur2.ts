// Kafka's Java murmur2 (Utils.murmur2), so keyed records land where a Java client puts them.
// KafkaJS's legacy murmur2 differs; do not compare against it.

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/** Mixes one little-endian 4-byte block `k` into the hash `h`. */
function mixBlock(h: number, k: number): number {
  k = Math.imul(k, M);
  k ^= k >>> R;
  k = Math.imul(k, M);
  return Math.imul(h, M) ^ k;
}

/** Mixes in the last `length & 3` bytes (b0 first), then the final avalanche. */
function finish(h: number, length: number, b0: number, b1: number, b2: number): number {
  const tail = length & 3;
  if (tail === 3) h ^= b2 << 16;
  if (tail >= 2) h ^= b1 << 8;
  if (tail >= 1) {
    h ^= b0;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** The signed 32-bit murmur2 hash of the first `length` bytes of `data`, as Java returns it. */
export function murmur2(data: Uint8Array, length = data.length): number {
  let h = SEED ^ length;
  const blocks = length & ~3;
  for (let i = 0; i < blocks; i += 4)
    h = mixBlock(h, data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24));
  const tail = length & 3;
  return finish(
    h,
    length,
    tail >= 1 ? data[blocks]! : 0,
    tail >= 2 ? data[blocks + 1]! : 0,
    tail === 3 ? data[blocks + 2]! : 0,
  );
}

/**
 * murmur2 of an ASCII string's bytes, read straight from its characters: the same as murmur2 of its
 * UTF-8 encoding, without writing that anywhere. Undefined when the string is not all ASCII.
 */
export function murmur2Ascii(text: string): number | undefined {
  const length = text.length;
  let h = SEED ^ length;
  let seen = 0; // every character ORed together: ASCII while it stays below 0x80
  const blocks = length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    seen |= c0 | c1 | c2 | c3;
    h = mixBlock(h, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
  }
  const tail = length & 3;
  const b0 = tail >= 1 ? text.charCodeAt(blocks) : 0;
  const b1 = tail >= 2 ? text.charCodeAt(blocks + 1) : 0;
  const b2 = tail === 3 ? text.charCodeAt(blocks + 2) : 0;
  if ((seen | b0 | b1 | b2) >= 0x80) return undefined;
  return finish(h, length, b0, b1, b2);
}

/** Kafka's Utils.toPositive: clears the sign bit (not Math.abs: -1 maps to 2147483647). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}
