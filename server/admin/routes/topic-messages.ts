// GET /api/topics/:topic/messages — the message browser: newest first, or forward from the
// oldest record, an offset or a timestamp; one partition or all; key and value substring
// filters; pages bounded in records and bytes, continued with the `next` cursor.
import type { FastifyInstance } from 'fastify';
import type { BrokerServices } from '../../broker-services.js';
import { AdminError } from '../admin-error.js';
import { readPage, type PageLimits } from '../browse/page.js';
import { planBrowse, type StartAt } from '../browse/request.js';
import { encodeCursor } from '../browse/cursor.js';
import type { BrowsedRecord } from '../browse/scan.js';
import { viewBytes } from '../record-view.js';
import { bytesViewSchema, errorResponses, topicParams } from '../schemas.js';
import type { DecodedValue, ValueDecoder } from '../value-decoder.js';

interface MessagesQuery {
  partition: string;
  from?: StartAt;
  offset?: number;
  timestamp?: string;
  key?: string;
  value?: string;
  limit: number;
  cursor?: string;
}

/** Bytes of keys, values and headers one page carries, and stored bytes one page may read. */
const PAGE_BYTES = 1024 * 1024;
const SCAN_BYTES = 16 * 1024 * 1024;

const messagesQuery = {
  type: 'object',
  properties: {
    // A partition number or `all`; 0 by default, as before `all` existed.
    partition: { type: 'string', pattern: '^(all|[0-9]{1,9})$', default: '0' },
    from: { type: 'string', enum: ['newest', 'oldest', 'offset', 'timestamp'] },
    offset: { type: 'integer', minimum: 0 },
    timestamp: { type: 'string', minLength: 1, maxLength: 40 },
    key: { type: 'string', minLength: 1, maxLength: 1024 },
    value: { type: 'string', minLength: 1, maxLength: 1024 },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 20 },
    cursor: { type: 'string', minLength: 1, maxLength: 16_384 },
  },
  additionalProperties: false,
} as const;

const int = { type: 'integer' } as const;
const messagesResponse = {
  type: 'object',
  properties: {
    topic: { type: 'string' },
    // The three below only when one partition is browsed.
    partition: int,
    logStartOffset: int,
    logEndOffset: int,
    partitions: {
      type: 'array',
      items: {
        type: 'object',
        properties: { partition: int, logStartOffset: int, logEndOffset: int },
        required: ['partition', 'logStartOffset', 'logEndOffset'],
      },
    },
    direction: { type: 'string', enum: ['forward', 'backward'] },
    next: { type: ['string', 'null'] },
    messages: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          partition: int,
          offset: int,
          timestamp: { type: 'string' },
          key: bytesViewSchema,
          value: bytesViewSchema,
          headers: { type: 'object', additionalProperties: { type: 'array', items: bytesViewSchema } },
          schemaId: int,
          schemaType: { type: 'string' },
          // Any JSON: the value as the schema registry decoded it.
          decodedValue: {},
        },
        required: ['partition', 'offset', 'timestamp', 'key', 'value', 'headers'],
      },
    },
  },
  required: ['topic', 'partitions', 'direction', 'next', 'messages'],
} as const;

export function topicMessageRoutes(app: FastifyInstance, services: BrokerServices, decoder?: ValueDecoder): void {
  app.get<{ Params: { topic: string }; Querystring: MessagesQuery }>(
    '/api/topics/:topic/messages',
    {
      schema: {
        params: topicParams,
        querystring: messagesQuery,
        response: { 200: messagesResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { topic: name } = request.params;
      const { limit, key, value } = request.query;
      const topic = services.topics.get(name);
      if (!topic) throw new AdminError('TOPIC_NOT_FOUND', `no topic "${name}"`);
      const { logs, cursor } = planBrowse(topic, request.query);
      const limits: PageLimits = { records: limit, bytes: PAGE_BYTES, scanBytes: SCAN_BYTES };
      const page = readPage(logs, cursor, { key, value }, limits);
      const single = logs.length === 1 ? logs[0] : undefined;
      return {
        topic: name,
        ...(single
          ? { partition: single.partition, logStartOffset: single.logStartOffset, logEndOffset: single.logEndOffset }
          : {}),
        partitions: logs.map((log) => ({
          partition: log.partition,
          logStartOffset: log.logStartOffset,
          logEndOffset: log.logEndOffset,
        })),
        direction: cursor.direction,
        next: page.next ? encodeCursor(page.next) : null,
        messages: await Promise.all(page.records.map((record) => viewRecord(record, decoder, request.log))),
      };
    },
  );
}

async function viewRecord(record: BrowsedRecord, decoder: ValueDecoder | undefined, log: { debug: LogFn }) {
  const headers: Record<string, ReturnType<typeof viewBytes>[]> = {};
  for (const [name, value] of Object.entries(record.headers))
    headers[name] = (Array.isArray(value) ? value : [value]).map(viewBytes);
  const decoded = decoder && record.value ? await tryDecode(decoder, record.value, log) : undefined;
  return {
    partition: record.partition,
    offset: record.offset,
    timestamp: new Date(record.timestamp).toISOString(),
    key: viewBytes(record.key),
    value: viewBytes(record.value),
    headers,
    ...(decoded
      ? { schemaId: decoded.schemaId, schemaType: decoded.schemaType, decodedValue: jsonSafe(decoded.value) }
      : {}),
  };
}

type LogFn = (obj: object, msg: string) => void;

/** A value the registry cannot decode (unknown id, not its format) is shown as stored. */
async function tryDecode(decoder: ValueDecoder, value: Buffer, log: { debug: LogFn }) {
  try {
    return await decoder.decode(value);
  } catch (err) {
    log.debug({ err }, 'value not decoded');
    return undefined;
  }
}

/** Decoded values may hold bytes or 64-bit integers, which JSON has no form for: base64 and decimal text. */
function jsonSafe(value: DecodedValue['value']): unknown {
  try {
    const text = JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (isSerializedBuffer(v)) return Buffer.from(v.data).toString('base64');
      return v;
    });
    return text === undefined ? null : (JSON.parse(text) as unknown);
  } catch {
    return null; // a cycle: nothing JSON can show
  }
}

function isSerializedBuffer(v: unknown): v is { type: 'Buffer'; data: number[] } {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as { type?: unknown }).type === 'Buffer' &&
    Array.isArray((v as { data?: unknown }).data)
  );
}
