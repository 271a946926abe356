// Loads schema.proto once and decodes through readers of our own, so that protobufjs itself stays
// stock for any application sharing the process: nothing here changes protobufjs's globals.
// int64 fields decode to plain numbers (offsets and timestamps stay far below 2^53, and numbers
// keep the hot path free of Long objects); strings that run past the end of the message fail.
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';

const schemaPath = new URL('./schema.proto', import.meta.url);
const root = protobuf.parse(readFileSync(schemaPath, 'utf8'), { keepCase: false }).root;

// toObject through a private copy of protobufjs's util without Long: an absent int64 field then
// defaults to a plain 0 (stock protobufjs would allocate a Long for each one, on the hot path).
const utilWithoutLong = { ...protobuf.util, Long: undefined };
function useNumberDefaults(namespace: protobuf.NamespaceBase): void {
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type) {
      nested.setup();
      const types = nested.fieldsArray.map((field) => field.resolve().resolvedType);
      const makeToObject = protobuf.converter.toObject(nested) as (scope: object) => protobuf.Type['toObject'];
      nested.toObject = makeToObject({ types, util: utilWithoutLong });
    }
    if (nested instanceof protobuf.Namespace) useNumberDefaults(nested);
  }
}
root.resolveAll();
useNumberDefaults(root);

/** The protobuf type named `name` in package minibroker. */
export function messageType(name: string): protobuf.Type {
  return root.lookupType(`minibroker.${name}`);
}

interface RawReader {
  buf: Uint8Array;
  pos: number;
  len: number;
  uint32(): number;
}

/** Reads a varint int64 as a signed number, as protobufjs does without Long, allocating nothing. */
function readInt64(this: RawReader): number {
  let lo = 0;
  let hi = 0;
  let shift = 0;
  for (let i = 0; i < 10; i++) {
    if (this.pos >= this.len) throw new RangeError(`index out of range: ${this.pos} + 1 > ${this.len}`);
    const byte = this.buf[this.pos++]!;
    if (i < 4) lo = (lo | ((byte & 0x7f) << shift)) >>> 0;
    else if (i === 4) {
      lo = (lo | ((byte & 0x7f) << 28)) >>> 0;
      hi = (byte & 0x7f) >> 4;
    } else hi = (hi | ((byte & 0x7f) << (shift - 32))) >>> 0;
    if (byte < 0x80) return toSignedNumber(lo, hi);
    shift += 7;
  }
  throw new Error('invalid varint encoding');
}

/** The 64-bit two's-complement value lo/hi as a JavaScript number. */
function toSignedNumber(lo: number, hi: number): number {
  if (hi >>> 31) {
    const negLo = (~lo + 1) >>> 0;
    let negHi = ~hi >>> 0;
    if (!negLo) negHi = (negHi + 1) >>> 0;
    return -(negLo + negHi * 4294967296);
  }
  return lo + hi * 4294967296;
}

// Subclasses, not patches: generated decoders keep using the reader they are given, nested
// messages included. Same split as protobufjs's Reader.create (Buffer input: Buffer slices).
// Built the way protobufjs builds BufferReader (an ES class here measured slower on decode).
type ReaderClass<T> = new (bytes: T) => protobuf.Reader;
function readerClass<T>(base: ReaderClass<T>, methods: object): ReaderClass<T> {
  function CodecReader(this: protobuf.Reader, bytes: T) {
    base.call(this, bytes);
  }
  CodecReader.prototype = Object.create(base.prototype as object) as object;
  Object.assign(CodecReader.prototype, { constructor: CodecReader, ...methods });
  return CodecReader as unknown as ReaderClass<T>;
}
const CodecBufferReader = readerClass<Buffer>(protobuf.BufferReader, { int64: readInt64 });
const CodecArrayReader = readerClass<Uint8Array>(protobuf.Reader, { int64: readInt64 });

/** A reader over `bytes` that decodes int64 to numbers (protobufjs 8 itself rejects overlong strings). */
export function codecReader(bytes: Uint8Array): protobuf.Reader {
  return Buffer.isBuffer(bytes) ? new CodecBufferReader(bytes) : new CodecArrayReader(bytes);
}
