// Seeded random values for comparing the hand-written protobuf encoders with protobufjs: names
// around protobufjs's 40-character UTF-8 switch, numbers around every varint length and sign.

/** A small deterministic generator (mulberry32), so a failure names its seed. */
export function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const NAMES = [
  '',
  't',
  'orders',
  'ünïcödé-topic',
  'a'.repeat(39),
  'b'.repeat(40),
  'emoji-😀-'.repeat(6),
  'x'.repeat(300),
];
export const NUMBERS = [
  0,
  1,
  -1,
  127,
  128,
  300,
  16_383,
  16_384,
  2 ** 31 - 1,
  -(2 ** 31),
  2 ** 32 + 5,
  2 ** 53 - 1,
  -123_456_789_012,
];
export const INT32S = NUMBERS.filter((n) => n >= -(2 ** 31) && n < 2 ** 31);
