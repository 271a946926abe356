// Loads schema.proto once. int64 fields decode to plain numbers: offsets and timestamps stay
// far below 2^53, and numbers keep the hot path free of Long objects.
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';

protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();

// protobufjs's Buffer reader clamps a string that runs past the end instead of failing, so a
// truncated body would decode as a shorter string. Bodies are untrusted: fail instead.
interface StringReader { buf: Buffer; pos: number; len: number; uint32(): number }
(protobuf.BufferReader.prototype as unknown as { string(this: StringReader): string }).string = function readCheckedString() {
  const length = this.uint32();
  const end = this.pos + length;
  if (end > this.len) throw new RangeError(`string of ${length} bytes runs past the end of the message`);
  const value = this.buf.toString('utf8', this.pos, end);
  this.pos = end;
  return value;
};

const schemaPath = new URL('./schema.proto', import.meta.url);
const root = protobuf.parse(readFileSync(schemaPath, 'utf8'), { keepCase: false }).root;

/** The protobuf type named `name` in package minibroker. */
export function messageType(name: string): protobuf.Type {
  return root.lookupType(`minibroker.${name}`);
}
