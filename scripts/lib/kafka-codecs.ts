// Turns Kafka's JSON message definitions into the project's generated codec descriptions: for
// each implemented API, the request's and response's fields (only those that exist in the
// implemented versions) as data for protocol/kafka/codec.ts, and TypeScript interfaces of the
// decoded shapes. Pure: JSON texts in, file contents out.

/** The APIs the Kafka front end implements and the versions it serves of each. */
export const IMPLEMENTED_APIS: Readonly<Record<string, readonly [number, number]>> = {
  Produce: [3, 9],
  Fetch: [4, 13],
  ListOffsets: [1, 7],
  Metadata: [1, 12],
  OffsetCommit: [2, 9],
  OffsetFetch: [1, 9],
  FindCoordinator: [0, 4],
  JoinGroup: [0, 9],
  Heartbeat: [0, 4],
  LeaveGroup: [0, 5],
  SyncGroup: [0, 5],
  DescribeGroups: [0, 5],
  ListGroups: [0, 4],
  ApiVersions: [0, 4],
  CreateTopics: [0, 7],
  DeleteTopics: [0, 6],
  DeleteGroups: [0, 2],
  DescribeConfigs: [0, 4],
  InitProducerId: [0, 4],
  AddPartitionsToTxn: [0, 3],
  AddOffsetsToTxn: [0, 4],
  TxnOffsetCommit: [0, 4],
  EndTxn: [0, 4],
  CreatePartitions: [0, 3],
  AlterConfigs: [0, 2],
  IncrementalAlterConfigs: [0, 1],
  DeleteRecords: [0, 2],
  DescribeAcls: [0, 3],
  CreateAcls: [0, 3],
  DeleteAcls: [0, 3],
  SaslHandshake: [0, 1],
  SaslAuthenticate: [0, 2],
};

/** Kafka's consumer protocol (JoinGroup metadata and SyncGroup assignments), at every version. */
export const CONSUMER_PROTOCOL_MESSAGES: readonly string[] = [
  'ConsumerProtocolSubscription',
  'ConsumerProtocolAssignment',
];
const CONSUMER_PROTOCOL_VERSIONS: [number, number] = [0, 3];

interface JsonField {
  name: string;
  type: string;
  versions: string;
  nullableVersions?: string;
  tag?: number;
  taggedVersions?: string;
  default?: string | number | boolean;
  fields?: JsonField[];
}

interface JsonMessage {
  /** Absent for data messages (the consumer protocol). */
  apiKey?: number;
  type: string;
  name: string;
  validVersions: string;
  flexibleVersions: string;
  fields: JsonField[];
  /** Structs several fields share, referred to by type name instead of inline fields. */
  commonStructs?: { name: string; fields: JsonField[] }[];
}

type CommonStructs = ReadonlyMap<string, JsonField[]>;

type Range = [number, number];
const PRIMITIVES = new Set(['int8', 'int16', 'int32', 'int64', 'bool', 'string', 'bytes', 'records', 'uuid']);
const MAX_VERSION = 0x7fff;

/** Kafka's JSON files carry // comments. */
export function parseDefinition(text: string): JsonMessage {
  const withoutComments = text
    .split('\n')
    .map((line) => line.replace(/^\s*\/\/.*$/, ''))
    .join('\n');
  return JSON.parse(withoutComments) as JsonMessage;
}

function parseRange(text: string | undefined): Range | null {
  if (text === undefined || text === 'none') return null;
  const plus = /^(\d+)\+$/.exec(text);
  if (plus) return [Number(plus[1]), MAX_VERSION];
  const span = /^(\d+)-(\d+)$/.exec(text);
  if (span) return [Number(span[1]), Number(span[2])];
  if (/^\d+$/.test(text)) return [Number(text), Number(text)];
  throw new Error(`unreadable version range ${text}`);
}

/** The part of `range` within `within`, or null when they do not meet. */
function clamp(range: Range | null, within: Range): Range | null {
  if (!range) return null;
  const lo = Math.max(range[0], within[0]);
  const hi = Math.min(range[1], within[1]);
  return lo <= hi ? [lo, hi] : null;
}

const camel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

function parseDefault(field: JsonField, type: string): number | boolean | string | null | undefined {
  const raw = field.default;
  if (raw === undefined) return undefined;
  if (raw === 'null') return null;
  if (type === 'bool') return raw === true || raw === 'true';
  if (type === 'string') return String(raw);
  if (PRIMITIVES.has(type) && type !== 'bytes' && type !== 'records' && type !== 'uuid') return Number(raw);
  return undefined;
}

interface Generated {
  specSource: string;
  interfaces: string[];
}

function convertFields(
  fields: JsonField[],
  within: Range,
  owner: string,
  out: string[],
  typeName: string,
  common: CommonStructs,
): string {
  const members: string[] = [];
  const specs: string[] = [];
  for (const field of fields) {
    const versions = clamp(parseRange(field.versions), within);
    if (!versions) continue;
    const array = field.type.startsWith('[]');
    const baseType = array ? field.type.slice(2) : field.type;
    const isStruct = !PRIMITIVES.has(baseType);
    const structFields = isStruct ? (field.fields ?? common.get(baseType)) : undefined;
    if (isStruct && !structFields) throw new Error(`${owner}: struct ${baseType} has no fields`);
    const nullable = clamp(parseRange(field.nullableVersions), within);
    const tagged = field.tag !== undefined ? clamp(parseRange(field.taggedVersions ?? field.versions), within) : null;
    const parts = [
      `name: ${JSON.stringify(camel(field.name))}`,
      `type: ${JSON.stringify(isStruct ? 'struct' : baseType)}`,
      `array: ${array}`,
      `versions: [${versions.join(', ')}]`,
    ];
    if (nullable) parts.push(`nullableVersions: [${nullable.join(', ')}]`);
    if (field.tag !== undefined && tagged) parts.push(`tag: ${field.tag}`, `taggedVersions: [${tagged.join(', ')}]`);
    const fallback = parseDefault(field, baseType);
    if (fallback !== undefined) parts.push(`default: ${JSON.stringify(fallback)}`);
    let tsType: string;
    if (isStruct) {
      const structName = `${owner}${baseType}`;
      parts.push(`fields: ${convertFields(structFields ?? [], versions, owner, out, structName, common)}`);
      tsType = structName;
    } else tsType = tsTypeOf(baseType);
    if (array) tsType = `${tsType}[]`;
    if (baseType === 'records') tsType = 'OutgoingRecords';
    else if (nullable) tsType = `${tsType} | null`;
    specs.push(`{ ${parts.join(', ')} }`);
    members.push(`  ${camel(field.name)}: ${tsType};`);
  }
  out.push(`export interface ${typeName} {\n${members.join('\n')}\n}`);
  return `[${specs.join(', ')}]`;
}

function tsTypeOf(type: string): string {
  switch (type) {
    case 'bool':
      return 'boolean';
    case 'string':
      return 'string';
    case 'bytes':
    case 'uuid':
      return 'Buffer';
    case 'records':
      return 'OutgoingRecords';
    default:
      return 'number';
  }
}

function generateMessage(message: JsonMessage, within: Range): Generated {
  const valid = parseRange(message.validVersions);
  const versions = clamp(valid, within);
  if (!versions || versions[0] !== within[0] || versions[1] !== within[1])
    throw new Error(`${message.name}: versions ${within.join('-')} are not all valid (${message.validVersions})`);
  const flexible = clamp(parseRange(message.flexibleVersions), within);
  const interfaces: string[] = [];
  const common: CommonStructs = new Map((message.commonStructs ?? []).map((s) => [s.name, s.fields]));
  const fields = convertFields(message.fields, versions, message.name, interfaces, message.name, common);
  const specSource = [
    `export const ${camel(message.name)}: MessageSpec = {`,
    `  name: ${JSON.stringify(message.name)},`,
    `  apiKey: ${message.apiKey ?? -1},`,
    `  versions: [${versions.join(', ')}],`,
    `  flexibleFrom: ${flexible ? flexible[0] : 'null'},`,
    `  fields: ${fields},`,
    `};`,
  ].join('\n');
  return { specSource, interfaces };
}

const kebab = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();

/** `readDefinition(name)` returns the text of `<name>.json`. Returns file name → content. */
export function generateKafkaCodecs(readDefinition: (name: string) => string): Map<string, string> {
  const files = new Map<string, string>();
  const index: string[] = [];
  const imports: string[] = [];
  for (const [api, range] of Object.entries(IMPLEMENTED_APIS)) {
    const request = parseDefinition(readDefinition(`${api}Request`));
    const response = parseDefinition(readDefinition(`${api}Response`));
    const parts = [generateMessage(request, [...range]), generateMessage(response, [...range])];
    const usesRecords = parts.some((p) => p.interfaces.some((i) => i.includes('OutgoingRecords')));
    const header = [
      `// Generated by scripts/generate-kafka-codecs.ts from Kafka's ${api} message definitions,`,
      `// versions ${range[0]} to ${range[1]}. Do not edit: run \`npm run generate:kafka\`.`,
      `import type { MessageSpec${usesRecords ? ', OutgoingRecords' : ''} } from '../schema.js';`,
    ];
    const body = parts.flatMap((p) => [...p.interfaces.reverse(), p.specSource]);
    files.set(`${kebab(api)}.ts`, [...header, '', body.join('\n\n'), ''].join('\n'));
    imports.push(`import { ${camel(request.name)}, ${camel(response.name)} } from './${kebab(api)}.js';`);
    index.push(
      `  ${api}: { key: ${request.apiKey ?? -1}, minVersion: ${range[0]}, maxVersion: ${range[1]}, request: ${camel(request.name)}, response: ${camel(response.name)} },`,
    );
  }
  const consumerProtocol = CONSUMER_PROTOCOL_MESSAGES.map((name) =>
    generateMessage(parseDefinition(readDefinition(name)), CONSUMER_PROTOCOL_VERSIONS),
  );
  files.set(
    'consumer-protocol.ts',
    [
      "// Generated by scripts/generate-kafka-codecs.ts from Kafka's consumer protocol definitions,",
      `// versions ${CONSUMER_PROTOCOL_VERSIONS.join(' to ')}. Do not edit: run \`npm run generate:kafka\`.`,
      "import type { MessageSpec } from '../schema.js';",
      '',
      consumerProtocol.flatMap((p) => [...p.interfaces.reverse(), p.specSource]).join('\n\n'),
      '',
    ].join('\n'),
  );
  files.set(
    'index.ts',
    [
      '// Generated by scripts/generate-kafka-codecs.ts: the Kafka APIs the front end serves, with the',
      '// versions of each. Do not edit: run `npm run generate:kafka`.',
      "import type { MessageSpec } from '../schema.js';",
      ...imports,
      '',
      'export interface KafkaApiSpec {',
      '  readonly key: number;',
      '  readonly minVersion: number;',
      '  readonly maxVersion: number;',
      '  readonly request: MessageSpec;',
      '  readonly response: MessageSpec;',
      '}',
      '',
      'export const kafkaApis = {',
      ...index,
      '} as const satisfies Record<string, KafkaApiSpec>;',
      '',
      "export type * from './" +
        Object.keys(IMPLEMENTED_APIS).map(kebab).join(".js';\nexport type * from './") +
        ".js';",
      '',
    ].join('\n'),
  );
  return files;
}
