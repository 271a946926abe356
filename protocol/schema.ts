// Loads schema.proto once. int64 fields decode to plain numbers: offsets and timestamps stay
// far below 2^53, and numbers keep the hot path free of Long objects.
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';

protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();

const schemaPath = new URL('./schema.proto', import.meta.url);
const root = protobuf.parse(readFileSync(schemaPath, 'utf8'), { keepCase: false }).root;

/** The protobuf type named `name` in package minibroker. */
export function messageType(name: string): protobuf.Type {
  return root.lookupType(`minibroker.${name}`);
}
