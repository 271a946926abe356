// Protobuf through protobufjs: the .proto text is parsed with its references (imports named by
// path, Google's well-known types built in) and every type must resolve. Compatibility follows the
// rules Confluent documents for Protobuf, which come from the wire format: a message of the writer
// may not disappear from the reader; a field number present in both must keep a compatible kind
// (the varint scalars int32/uint32/int64/uint64/bool/enum are one family, sint32/sint64,
// fixed32/sfixed32, fixed64/sfixed64 and string/bytes others; a message field keeps its type's
// name; repeated stays repeated); proto2 required fields may be neither added nor removed.
import protobuf from 'protobufjs';
import type { ResolvedReference, SchemaFormat } from './schema-format.js';

export interface ParsedProto {
  /** Every type of the schema and its references, resolved. */
  root: protobuf.Root;
  /** The schema's own top-level messages in declaration order (message indexes count in them). */
  messages: protobuf.Type[];
}

const PARSE_OPTIONS = { keepCase: true };
const WELL_KNOWN = 'google/protobuf/';

export const protobufFormat: SchemaFormat<ParsedProto> = {
  parse(schema: string, references: readonly ResolvedReference[]): ParsedProto {
    const root = new protobuf.Root();
    const known = new Set<string>();
    for (const reference of references) {
      addImports(root, protobuf.parse(reference.schema, root, PARSE_OPTIONS), known);
      known.add(reference.name);
    }
    addImports(root, protobuf.parse(schema, root, PARSE_OPTIONS), known);
    root.resolveAll();
    // Parsed again on its own to tell the schema's messages from those its references declare.
    const own = protobuf.parse(schema, new protobuf.Root(), PARSE_OPTIONS).root;
    const messages = topLevelTypes(own).map((type) => root.lookupType(type.fullName));
    return { root, messages };
  },

  canonical(schema: string): string {
    return schema
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .join('\n');
  },

  readIssues(reader: ParsedProto, writer: ParsedProto): string[] {
    const issues: string[] = [];
    for (const written of writer.messages) compareMessage(reader.root, written, issues);
    return issues;
  },
};

/** Resolves the message a list of message indexes names (Confluent's wire format); undefined when none. */
export function messageAt(parsed: ParsedProto, indexes: readonly number[]): protobuf.Type | undefined {
  let candidates = parsed.messages;
  let found: protobuf.Type | undefined;
  for (const index of indexes) {
    found = candidates[index];
    if (!found) return undefined;
    candidates = found.nestedArray.filter((nested): nested is protobuf.Type => nested instanceof protobuf.Type);
  }
  return found;
}

function addImports(root: protobuf.Root, parsed: protobuf.IParserResult, known: ReadonlySet<string>): void {
  for (const name of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
    if (known.has(name)) continue;
    const common = name.startsWith(WELL_KNOWN) ? protobuf.common.get(name) : undefined;
    if (!common?.nested) throw new Error(`import "${name}" is not among the schema's references`);
    root.addJSON(common.nested);
  }
}

function topLevelTypes(namespace: protobuf.NamespaceBase): protobuf.Type[] {
  const types: protobuf.Type[] = [];
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type) types.push(nested);
    else if (nested instanceof protobuf.Namespace && !(nested instanceof protobuf.Enum))
      types.push(...topLevelTypes(nested));
  }
  return types;
}

const KIND_FAMILIES = [
  ['int32', 'uint32', 'int64', 'uint64', 'bool', 'enum'],
  ['sint32', 'sint64'],
  ['fixed32', 'sfixed32'],
  ['fixed64', 'sfixed64'],
  ['string', 'bytes'],
  ['float'],
  ['double'],
];

function compareMessage(readerRoot: protobuf.Root, written: protobuf.Type, issues: string[]): void {
  const read = readerRoot.lookup(written.fullName);
  if (!(read instanceof protobuf.Type)) return void issues.push(`message ${name(written)} removed`);
  for (const field of written.fieldsArray) {
    const counterpart = read.fieldsById[field.id];
    if (!counterpart) {
      if (field.required) issues.push(`required field ${name(written)}.${field.name} removed`);
      continue;
    }
    const problem = fieldChange(counterpart, field);
    if (problem) issues.push(`field ${name(written)}.${field.name} (${field.id}): ${problem}`);
  }
  for (const field of read.fieldsArray) {
    if (field.required && !written.fieldsById[field.id])
      issues.push(`required field ${name(read)}.${field.name} added`);
  }
  for (const nested of written.nestedArray) {
    if (nested instanceof protobuf.Type) compareMessage(readerRoot, nested, issues);
  }
}

function fieldChange(read: protobuf.Field, written: protobuf.Field): string | undefined {
  if (read.repeated !== written.repeated) return 'changed between repeated and single';
  if (read instanceof protobuf.MapField !== written instanceof protobuf.MapField) return 'changed to or from a map';
  if (read instanceof protobuf.MapField && written instanceof protobuf.MapField && read.keyType !== written.keyType)
    return `map key changed from ${written.keyType} to ${read.keyType}`;
  const readKind = kindOf(read);
  const writtenKind = kindOf(written);
  if (readKind === 'message' || writtenKind === 'message') {
    const readType = read.resolvedType?.fullName;
    const writtenType = written.resolvedType?.fullName;
    return readKind === writtenKind && readType === writtenType
      ? undefined
      : `type changed from ${name(written.resolvedType) ?? written.type} to ${name(read.resolvedType) ?? read.type}`;
  }
  const family = KIND_FAMILIES.find((kinds) => kinds.includes(writtenKind));
  return family?.includes(readKind) ? undefined : `kind changed from ${writtenKind} to ${readKind}`;
}

function kindOf(field: protobuf.Field): string {
  if (field.resolvedType instanceof protobuf.Enum) return 'enum';
  if (field.resolvedType instanceof protobuf.Type) return 'message';
  return field.type;
}

function name(reflection: protobuf.ReflectionObject | null | undefined): string | undefined {
  return reflection?.fullName.replace(/^\./, '');
}
