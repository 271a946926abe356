// Zig-zag varints as Kafka's record format uses them. Values are JavaScript numbers; the long
// forms use arithmetic instead of 32-bit operators so deltas up to 2^53 survive.

export function zigzagSize(value: number): number {
  let v = value >= 0 ? value * 2 : -value * 2 - 1;
  let size = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    size++;
  }
  return size;
}

/** Writes value at offset; returns the offset after it. */
export function writeZigzag(buf: Uint8Array, offset: number, value: number): number {
  let v = value >= 0 ? value * 2 : -value * 2 - 1;
  while (v >= 128) {
    buf[offset++] = (v % 128) | 128;
    v = Math.floor(v / 128);
  }
  buf[offset++] = v;
  return offset;
}

const textDecoder = new TextDecoder();

/** A cursor over bytes that throws RangeError on reads past the end. */
export class ByteReader {
  constructor(
    readonly buf: Uint8Array,
    public offset: number,
    readonly end: number,
  ) {}

  zigzag(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.offset >= this.end) throw new RangeError('varint runs past the end');
      const byte = this.buf[this.offset++]!;
      result += (byte & 127) * scale;
      if (byte < 128) return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
      scale *= 128;
    }
    throw new RangeError('varint is longer than 10 bytes');
  }

  int8(): number {
    if (this.offset >= this.end) throw new RangeError('record runs past the end');
    return (this.buf[this.offset++]! << 24) >> 24;
  }

  /** A slice of n bytes (no copy), or null for n = -1. */
  bytes(n: number): Buffer | null {
    if (n === -1) return null;
    if (n < -1 || this.offset + n > this.end) throw new RangeError('field length runs past the end');
    const b = Buffer.from(this.buf.buffer, this.buf.byteOffset + this.offset, n);
    this.offset += n;
    return b;
  }

  /** n bytes as UTF-8 text, decoded without an intermediate Buffer. */
  text(n: number): string {
    if (n < 0 || this.offset + n > this.end) throw new RangeError('field length runs past the end');
    const from = this.offset;
    this.offset += n;
    return n === 0 ? '' : textDecoder.decode(this.buf.subarray(from, from + n));
  }

  skip(n: number): void {
    if (n < 0 || this.offset + n > this.end) throw new RangeError('field length runs past the end');
    this.offset += n;
  }
}
