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
  constructor(
    readonly typeName: string,
    readonly limit: number,
  ) {
    super(
      `${typeName} has more than ${limit} repeated elements and embedded messages (the broker's maxRequestElements)`,
    );
    this.name = 'TooManyElementsError';
  }
}

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

const MESSAGE = 0; // an embedded message: counts once, and its own fields are walked
const ONE = 1; // a string, bytes or map entry of a repeated field: counts once
const PACKED = 2; // a repeated scalar: counts each value, packed or not

/** How one field counts. One shape for every kind keeps the walk's property reads monomorphic. */
interface FieldPlan {
  kind: number;
  /** Bytes per packed value; 0 for varints. */
  width: number;
  type: protobuf.Type | null;
  plan: Plan | null;
}

/** By field number (schemas number their fields densely from 1); fields that allocate nothing are absent. */
type Plan = (FieldPlan | undefined)[];

const FIXED_WIDTH: Record<string, number> = { fixed32: 4, sfixed32: 4, float: 4, fixed64: 8, sfixed64: 8, double: 8 };
const plans = new WeakMap<protobuf.Type, Plan>();

function planOf(type: protobuf.Type): Plan {
  let plan = plans.get(type);
  if (plan) return plan;
  plan = [];
  const field = (kind: number, width = 0, nested: protobuf.Type | null = null): FieldPlan => ({
    kind,
    width,
    type: nested,
    plan: null,
  });
  for (const f of type.fieldsArray) {
    f.resolve();
    if (f.map) plan[f.id] = field(ONE);
    else if (f.resolvedType instanceof protobuf.Type) plan[f.id] = field(MESSAGE, 0, f.resolvedType);
    else if (!f.repeated) continue;
    else if (f.type === 'string' || f.type === 'bytes') plan[f.id] = field(ONE);
    else plan[f.id] = field(PACKED, FIXED_WIDTH[f.type] ?? 0);
  }
  plans.set(type, plan);
  return plan;
}

class Walk {
  count = 0;
  pos = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly typeName: string,
    private readonly limit: number,
  ) {}

  add(n: number): void {
    this.count += n;
    if (this.count > this.limit) throw new TooManyElementsError(this.typeName, this.limit);
  }

  varint(end: number): number {
    const bytes = this.bytes;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) throw new RangeError('varint runs past the end of the message');
      const byte = bytes[this.pos++]!;
      value += (byte & 127) * scale;
      if (byte < 128) return value;
      scale *= 128;
    }
    throw new RangeError('varint is longer than 10 bytes');
  }

  /** Passes over a varint without computing it. */
  skipVarint(end: number): void {
    const bytes = this.bytes;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) throw new RangeError('varint runs past the end of the message');
      if (bytes[this.pos++]! < 128) return;
    }
    throw new RangeError('varint is longer than 10 bytes');
  }

  skip(n: number, end: number): void {
    if (this.pos + n > end) throw new RangeError('field runs past the end of the message');
    this.pos += n;
  }

  message(plan: Plan, end: number): void {
    while (this.pos < end) {
      const tag = this.varint(end);
      const wireType = tag % 8;
      const field = plan[(tag - wireType) / 8];
      if (wireType === LENGTH_DELIMITED) {
        this.delimited(field, end);
        continue;
      }
      if (field !== undefined && field.kind !== MESSAGE) this.add(1);
      if (wireType === VARINT) this.skipVarint(end);
      else if (wireType === FIXED64) this.skip(8, end);
      else if (wireType === FIXED32) this.skip(4, end);
      // Groups (3, 4) are not part of proto3; anything else is not protobuf.
      else throw new RangeError(`unsupported wire type ${wireType}`);
    }
  }

  private delimited(field: FieldPlan | undefined, end: number): void {
    const length = this.varint(end);
    const stop = this.pos + length;
    if (stop > end) throw new RangeError('field runs past the end of the message');
    if (field !== undefined) {
      if (field.kind === MESSAGE) {
        this.add(1);
        this.message((field.plan ??= planOf(field.type!)), stop);
      } else if (field.kind === ONE) {
        this.add(1);
      } else {
        this.add(field.width > 0 ? Math.floor(length / field.width) : this.varintsIn(stop));
      }
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
  walk.message(planOf(type), bytes.length);
  return walk.count;
}
