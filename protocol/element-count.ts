// A bound on what decoding a message would allocate, checked on the wire bytes before decoding.
// protobufjs allocates one value per element of a repeated (or map) field and one object per
// embedded message, so a request of a few bytes per element (8 million empty topic entries fit
// in 16 MB) would cost gigabytes and minutes. This walk follows the schema (protobufjs
// reflection), counts those elements over the whole message, nested ones included, and stops
// at the first one over the limit: its cost is linear in the bytes it reads and never above
// the limit's worth of fields. A total (rather than a count per field) is what bounds
// allocation, since per-field limits multiply across nesting levels.
import protobuf from 'protobufjs';

export class TooManyElementsError extends Error {
  constructor(readonly typeName: string, readonly limit: number) {
    super(`${typeName} has more than ${limit} repeated elements and embedded messages (the broker's maxRequestElements)`);
    this.name = 'TooManyElementsError';
  }
}

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/** How a field counts: 'message' recurses, 'one' counts each occurrence, packable scalars count what a packed run holds. */
type FieldKind = { kind: 'message'; type: protobuf.Type; repeated: boolean } | { kind: 'one' } | { kind: 'scalar'; width: 0 | 4 | 8 };

const FIXED_WIDTH: Record<string, 4 | 8> = { fixed32: 4, sfixed32: 4, float: 4, fixed64: 8, sfixed64: 8, double: 8 };

const plans = new WeakMap<protobuf.Type, Map<number, FieldKind>>();

function planOf(type: protobuf.Type): Map<number, FieldKind> {
  let plan = plans.get(type);
  if (plan) return plan;
  plan = new Map();
  for (const field of type.fieldsArray) {
    field.resolve();
    if (field.map) plan.set(field.id, { kind: 'one' });
    else if (field.resolvedType instanceof protobuf.Type) plan.set(field.id, { kind: 'message', type: field.resolvedType, repeated: field.repeated });
    else if (!field.repeated) continue;
    else if (field.type === 'string' || field.type === 'bytes') plan.set(field.id, { kind: 'one' });
    else plan.set(field.id, { kind: 'scalar', width: FIXED_WIDTH[field.type] ?? 0 });
  }
  plans.set(type, plan);
  return plan;
}

class Walk {
  count = 0;
  pos = 0;

  constructor(private readonly bytes: Uint8Array, private readonly typeName: string, private readonly limit: number) {}

  add(n: number): void {
    this.count += n;
    if (this.count > this.limit) throw new TooManyElementsError(this.typeName, this.limit);
  }

  varint(end: number): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) throw new RangeError('varint runs past the end of the message');
      const byte = this.bytes[this.pos++]!;
      value += (byte & 127) * scale;
      if (byte < 128) return value;
      scale *= 128;
    }
    throw new RangeError('varint is longer than 10 bytes');
  }

  skip(n: number, end: number): void {
    if (this.pos + n > end) throw new RangeError('field runs past the end of the message');
    this.pos += n;
  }

  message(type: protobuf.Type, end: number): void {
    const plan = planOf(type);
    while (this.pos < end) {
      const tag = this.varint(end);
      const field = plan.get(Math.floor(tag / 8));
      const wireType = tag % 8;
      if (field && field.kind !== 'message' && wireType !== LENGTH_DELIMITED) this.add(1);
      switch (wireType) {
        case VARINT:
          this.varint(end);
          break;
        case FIXED64:
          this.skip(8, end);
          break;
        case FIXED32:
          this.skip(4, end);
          break;
        case LENGTH_DELIMITED:
          this.delimited(field, end);
          break;
        default:
          // Groups (3, 4) are not part of proto3; anything else is not protobuf.
          throw new RangeError(`unsupported wire type ${wireType}`);
      }
    }
  }

  private delimited(field: FieldKind | undefined, end: number): void {
    const length = this.varint(end);
    const stop = this.pos + length;
    if (stop > end) throw new RangeError('field runs past the end of the message');
    if (field?.kind === 'message') {
      this.add(1);
      this.message(field.type, stop);
    } else if (field?.kind === 'one') {
      this.add(1);
    } else if (field?.kind === 'scalar') {
      this.add(field.width > 0 ? Math.floor(length / field.width) : this.varintsIn(stop));
    }
    this.pos = stop;
  }

  /** The values of a packed varint run (each ends with a byte below 128), read no further than one past the limit. */
  private varintsIn(stop: number): number {
    const most = this.limit - this.count + 1;
    let n = 0;
    for (let i = this.pos; i < stop && n < most; i++) if (this.bytes[i]! < 128) n++;
    return n;
  }
}

/**
 * Throws TooManyElementsError as soon as decoding `bytes` as `type` would allocate more than
 * `limit` repeated elements and embedded messages in total; RangeError on bytes that are not
 * protobuf. Returns the count otherwise.
 */
export function checkElementCount(type: protobuf.Type, bytes: Uint8Array, limit: number): number {
  const walk = new Walk(bytes, type.name, limit);
  walk.message(type, bytes.length);
  return walk.count;
}
