// Writes a protobuf message by hand as a list of chunks: small pieces (tags, lengths, scalars)
// go into one buffer, and large byte fields (record batches) are passed through by reference, so
// a multi-megabyte message costs no copy of them before the socket. The encoders that use it
// (fetch-response-frame.ts, produce-request-frame.ts) produce exactly protobufjs's bytes: fields
// by number; a scalar, string or bytes field only when not zero or empty (proto3 implicit
// presence, as protobufjs 8 writes it); a repeated field only when non-empty.
import protobuf from 'protobufjs';

const utf8 = protobuf.util.utf8;

/** Proto3 implicit presence, as protobufjs 8 writes it: zero and the empty string are left out. */
export const isSet = (value: unknown): boolean => value !== null && value !== undefined && value !== 0 && value !== '';
/** The unsigned 64-bit pattern protobufjs writes for an int32 or int64 (negatives sign-extended). */
export function varintValue(value: number, int32: boolean): bigint | number {
  if (value >= 0) return int32 ? value >>> 0 : value;
  return BigInt.asUintN(64, BigInt(Math.trunc(value)));
}

function varintSize(value: number | bigint): number {
  let v = BigInt(value);
  let size = 1;
  while (v >= 128n) {
    v >>= 7n;
    size++;
  }
  return size;
}

export const uintSize = (value: number): number =>
  value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;
export const int32Size = (value: number): number => (value < 0 ? 10 : uintSize(value >>> 0));
export const int64Size = (value: number): number =>
  value >= 0 && value < 0x10000000 ? uintSize(value) : varintSize(varintValue(value, false));
export const stringSize = (value: string): number => {
  const length = Buffer.byteLength(value);
  return uintSize(length) + length;
};

/** Writes the small pieces into one buffer and cuts it into chunks around the passed-through records. */
export class ChunkWriter {
  readonly chunks: Buffer[] = [];
  private pos = 0;
  private cut = 0;

  constructor(private readonly head: Buffer) {}

  byte(value: number): void {
    this.head[this.pos++] = value;
  }

  varint(value: number | bigint): void {
    if (typeof value === 'number') {
      while (value >= 128) {
        this.head[this.pos++] = (value % 128) | 128;
        value = Math.floor(value / 128);
      }
      this.head[this.pos++] = value;
      return;
    }
    while (value >= 128n) {
      this.head[this.pos++] = Number(value & 127n) | 128;
      value >>= 7n;
    }
    this.head[this.pos++] = Number(value);
  }

  int32(value: number): void {
    this.varint(varintValue(value, true));
  }

  int64(value: number): void {
    this.varint(varintValue(value, false));
  }

  /** As protobufjs's Buffer writer: its own UTF-8 writer for short strings, Buffer's for long ones. */
  string(value: string): void {
    const length = Buffer.byteLength(value);
    this.varint(length);
    if (length === 0) return;
    if (value.length < 40) utf8.write(value, this.head, this.pos);
    else this.head.write(value, this.pos, 'utf8');
    this.pos += length;
  }

  uint32BE(value: number): void {
    this.head.writeUInt32BE(value, this.pos);
    this.pos += 4;
  }

  /** Passes bytes through by reference. */
  passThrough(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.flush();
    this.chunks.push(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  }

  finish(): Buffer[] {
    this.flush();
    return this.chunks;
  }

  private flush(): void {
    if (this.pos > this.cut) this.chunks.push(this.head.subarray(this.cut, this.pos));
    this.cut = this.pos;
  }
}
