// Reads and writes Kafka messages of any generated version by walking their description
// (./schema.ts). Every length read from the wire is bounded by the bytes left, and every array
// by a budget of elements per request, so a hostile frame cannot make the broker allocate more
// than it sent. Records are passed through as buffers, never parsed here.
import { inRange, type FieldSpec, type MessageSpec, type OutgoingRecords, type VersionRange } from './schema.js';

export class KafkaDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KafkaDecodeError';
  }
}

export class KafkaTooManyElementsError extends KafkaDecodeError {
  constructor(readonly limit: number) {
    super(`the request holds more than ${limit} repeated elements`);
    this.name = 'KafkaTooManyElementsError';
  }
}

const ZERO_UUID = Buffer.alloc(16);

export class KafkaReader {
  private offset = 0;
  private elements = 0;

  constructor(
    private readonly buffer: Buffer,
    private readonly maxElements = Number.MAX_SAFE_INTEGER,
  ) {}

  get remaining(): number {
    return this.buffer.length - this.offset;
  }

  private need(n: number): number {
    if (n > this.remaining) throw new KafkaDecodeError(`truncated: need ${n} bytes, ${this.remaining} left`);
    const at = this.offset;
    this.offset += n;
    return at;
  }

  int8 = (): number => this.buffer.readInt8(this.need(1));
  int16 = (): number => this.buffer.readInt16BE(this.need(2));
  int32 = (): number => this.buffer.readInt32BE(this.need(4));
  /** int64 as a number: offsets and times fit; larger values lose precision and are refused by callers' safe-integer checks. */
  int64 = (): number => Number(this.buffer.readBigInt64BE(this.need(8)));
  bool = (): boolean => this.buffer.readUInt8(this.need(1)) !== 0;

  take(n: number): Buffer {
    const at = this.need(n);
    return this.buffer.subarray(at, at + n);
  }

  /** An unsigned varint of at most 32 bits. */
  uvarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.buffer.readUInt8(this.need(1));
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        if (value > 0xffffffff) break;
        return value;
      }
    }
    throw new KafkaDecodeError('unsigned varint too long');
  }

  /** Counts `n` elements against the request's budget; each must also have bytes behind it. */
  countElements(n: number, minBytesEach: number): void {
    this.elements += n;
    if (this.elements > this.maxElements) throw new KafkaTooManyElementsError(this.maxElements);
    if (n * minBytesEach > this.remaining)
      throw new KafkaDecodeError(`array of ${n} elements longer than the ${this.remaining} bytes left`);
  }
}

export class KafkaWriter {
  private readonly chunks: Buffer[] = [];
  private buffer = Buffer.allocUnsafe(256);
  private position = 0;
  private flushedBytes = 0;

  get length(): number {
    return this.flushedBytes + this.position;
  }

  private room(n: number): number {
    if (this.position + n > this.buffer.length) {
      this.flush();
      if (n > this.buffer.length) this.buffer = Buffer.allocUnsafe(Math.max(n, this.buffer.length * 2));
    }
    const at = this.position;
    this.position += n;
    return at;
  }

  private flush(): void {
    if (this.position === 0) return;
    this.chunks.push(this.buffer.subarray(0, this.position));
    this.flushedBytes += this.position;
    this.buffer = Buffer.allocUnsafe(Math.max(256, this.buffer.length));
    this.position = 0;
  }

  // The offset is taken first: room() may move to a new buffer, and the write must go to that one.
  int8(v: number): void {
    const at = this.room(1);
    this.buffer.writeInt8(v, at);
  }

  int16(v: number): void {
    const at = this.room(2);
    this.buffer.writeInt16BE(v, at);
  }

  int32(v: number): void {
    const at = this.room(4);
    this.buffer.writeInt32BE(v, at);
  }

  int64(v: number): void {
    const at = this.room(8);
    this.buffer.writeBigInt64BE(BigInt(Math.trunc(v)), at);
  }

  bool(v: boolean): void {
    const at = this.room(1);
    this.buffer.writeUInt8(v ? 1 : 0, at);
  }

  uvarint(v: number): void {
    let rest = v;
    while (rest >= 0x80) {
      const at = this.room(1);
      this.buffer.writeUInt8((rest & 0x7f) | 0x80, at);
      rest = Math.floor(rest / 128);
    }
    const at = this.room(1);
    this.buffer.writeUInt8(rest, at);
  }

  /** Appends bytes: small ones are copied, large ones kept as their own chunk (no copy). */
  bytes(b: Uint8Array): void {
    if (b.length < 1024) {
      const at = this.room(b.length);
      this.buffer.set(b, at);
      return;
    }
    this.flush();
    this.chunks.push(Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.length));
    this.flushedBytes += b.length;
  }

  finish(): Buffer[] {
    this.flush();
    return this.chunks;
  }
}

const isFlexible = (spec: MessageSpec, version: number) => spec.flexibleFrom !== null && version >= spec.flexibleFrom;

/** Whether the field is carried among the tagged fields in this version. */
const taggedIn = (field: FieldSpec, version: number, flexible: boolean) =>
  flexible && field.tag !== undefined && inRange(version, field.taggedVersions ?? field.versions);

function defaultOf(field: FieldSpec): unknown {
  if (field.array) return inRange(0, field.nullableVersions) && field.default === null ? null : [];
  if (field.type === 'struct') return defaults(field.fields ?? []);
  if (field.default !== undefined) return field.default;
  switch (field.type) {
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'bytes':
      return Buffer.alloc(0);
    case 'records':
      return null;
    case 'uuid':
      return ZERO_UUID;
    default:
      return 0;
  }
}

function defaults(fields: readonly FieldSpec[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f.name] = defaultOf(f);
  return out;
}

// ---- decoding ----

export function decodeMessage<T>(spec: MessageSpec, version: number, reader: KafkaReader): T {
  return decodeStruct(spec.fields, version, isFlexible(spec, version), reader) as T;
}

function decodeStruct(
  fields: readonly FieldSpec[],
  version: number,
  flexible: boolean,
  r: KafkaReader,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (!inRange(version, field.versions) || taggedIn(field, version, flexible)) out[field.name] = defaultOf(field);
    else out[field.name] = decodeField(field, version, flexible, r);
  }
  if (flexible) decodeTaggedFields(fields, version, r, out);
  return out;
}

function decodeTaggedFields(
  fields: readonly FieldSpec[],
  version: number,
  r: KafkaReader,
  out: Record<string, unknown>,
): void {
  const count = r.uvarint();
  r.countElements(count, 2);
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint();
    const size = r.uvarint();
    const data = r.take(size);
    const field = fields.find((f) => f.tag === tag && taggedIn(f, version, true));
    // Unknown tags are skipped, as Kafka does: they are optional by definition.
    if (field) out[field.name] = decodeField(field, version, true, new KafkaReader(data));
  }
}

function checkNull(field: FieldSpec, version: number): null {
  if (!inRange(version, field.nullableVersions))
    throw new KafkaDecodeError(`${field.name} is null, which version ${version} does not allow`);
  return null;
}

function decodeField(field: FieldSpec, version: number, flexible: boolean, r: KafkaReader): unknown {
  if (!field.array) return decodeValue(field, version, flexible, r);
  const count = flexible ? r.uvarint() - 1 : r.int32();
  if (count < 0) return checkNull(field, version);
  r.countElements(count, 1);
  const items: unknown[] = [];
  for (let i = 0; i < count; i++) items.push(decodeValue(field, version, flexible, r));
  return items;
}

function decodeValue(field: FieldSpec, version: number, flexible: boolean, r: KafkaReader): unknown {
  switch (field.type) {
    case 'int8':
      return r.int8();
    case 'int16':
      return r.int16();
    case 'int32':
      return r.int32();
    case 'int64':
      return r.int64();
    case 'bool':
      return r.bool();
    case 'uuid':
      return r.take(16);
    case 'string': {
      const length = flexible ? r.uvarint() - 1 : r.int16();
      if (length < 0) return checkNull(field, version);
      return r.take(length).toString('utf8');
    }
    case 'bytes':
    case 'records': {
      const length = flexible ? r.uvarint() - 1 : r.int32();
      if (length < 0) return checkNull(field, version);
      return r.take(length);
    }
    case 'struct':
      return decodeStruct(field.fields ?? [], version, flexible, r);
  }
}

// ---- encoding ----

export function encodeMessage(spec: MessageSpec, version: number, value: object, w: KafkaWriter): void {
  encodeStruct(spec.fields, version, isFlexible(spec, version), value as Record<string, unknown>, w);
}

function encodeStruct(
  fields: readonly FieldSpec[],
  version: number,
  flexible: boolean,
  value: Record<string, unknown>,
  w: KafkaWriter,
): void {
  const tagged: FieldSpec[] = [];
  for (const field of fields) {
    if (!inRange(version, field.versions)) continue;
    const v = value[field.name] ?? defaultOf(field);
    if (taggedIn(field, version, flexible)) {
      if (!isDefault(field, v)) tagged.push(field);
    } else encodeField(field, version, flexible, v, w);
  }
  if (!flexible) return;
  w.uvarint(tagged.length);
  for (const field of tagged.sort((a, b) => (a.tag ?? 0) - (b.tag ?? 0))) {
    const inner = new KafkaWriter();
    encodeField(field, version, true, value[field.name], inner);
    w.uvarint(field.tag ?? 0);
    w.uvarint(inner.length);
    for (const chunk of inner.finish()) w.bytes(chunk);
  }
}

/** Tagged fields are written only when they differ from their default, as Kafka does (some clients cannot skip them). */
function isDefault(field: FieldSpec, v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (field.array) return Array.isArray(v) && v.length === 0;
  if (field.type === 'struct') {
    const struct = v as Record<string, unknown>;
    return (field.fields ?? []).every((f) => isDefault(f, struct[f.name]));
  }
  if (v instanceof Uint8Array) return v.length === 0 || (field.type === 'uuid' && v.every((b) => b === 0));
  return v === defaultOf(field);
}

function encodeField(field: FieldSpec, version: number, flexible: boolean, v: unknown, w: KafkaWriter): void {
  if (!field.array) return encodeValue(field, version, flexible, v, w);
  if (v === null || v === undefined) {
    if (!inRange(version, field.nullableVersions) && v === null)
      throw new Error(`${field.name} cannot be null in version ${version}`);
    if (flexible) w.uvarint(0);
    else w.int32(-1);
    return;
  }
  const items = v as readonly unknown[];
  if (flexible) w.uvarint(items.length + 1);
  else w.int32(items.length);
  for (const item of items) encodeValue(field, version, flexible, item, w);
}

function lengthPrefix(length: number, flexible: boolean, w: KafkaWriter, wide: boolean): void {
  if (flexible) w.uvarint(length + 1);
  else if (wide) w.int32(length);
  else w.int16(length);
}

function encodeValue(field: FieldSpec, version: number, flexible: boolean, v: unknown, w: KafkaWriter): void {
  switch (field.type) {
    case 'int8':
      return w.int8(Number(v ?? 0));
    case 'int16':
      return w.int16(Number(v ?? 0));
    case 'int32':
      return w.int32(Number(v ?? 0));
    case 'int64':
      return w.int64(Number(v ?? 0));
    case 'bool':
      return w.bool(Boolean(v));
    case 'uuid':
      return w.bytes((v as Uint8Array | undefined) ?? ZERO_UUID);
    case 'string': {
      if (v === null || v === undefined) return lengthPrefix(-1, flexible, w, false);
      const bytes = Buffer.from(v as string, 'utf8');
      lengthPrefix(bytes.length, flexible, w, false);
      return w.bytes(bytes);
    }
    case 'bytes':
    case 'records': {
      if (v === null || v === undefined) return lengthPrefix(-1, flexible, w, true);
      const parts = isChunkList(v) ? v : [v as Uint8Array];
      let length = 0;
      for (const part of parts) length += part.length;
      lengthPrefix(length, flexible, w, true);
      for (const part of parts) w.bytes(part);
      return;
    }
    case 'struct':
      return encodeStruct(field.fields ?? [], version, flexible, (v ?? {}) as Record<string, unknown>, w);
  }
}

const isChunkList = (v: unknown): v is readonly Uint8Array[] => Array.isArray(v);

export type { OutgoingRecords, VersionRange };
