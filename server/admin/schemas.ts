// JSON schemas shared by the routes: fastify validates requests with them and serializes
// responses through them (so a field missing here is dropped from the answer).
import { errorSchema } from './admin-error.js';

const int = { type: 'integer' } as const;
const str = { type: 'string' } as const;
const nullableInt = { type: ['integer', 'null'] } as const;
const nullableStr = { type: ['string', 'null'] } as const;

/** Error responses every route may give. */
export const errorResponses = {
  400: errorSchema,
  404: errorSchema,
  409: errorSchema,
  500: errorSchema,
  503: errorSchema,
} as const;

export const topicParams = {
  type: 'object',
  properties: { topic: { type: 'string', minLength: 1 } },
  required: ['topic'],
} as const;

export const groupParams = {
  type: 'object',
  properties: { group: { type: 'string', minLength: 1 } },
  required: ['group'],
} as const;

export const topicSummarySchema = {
  type: 'object',
  properties: { name: str, partitions: int, messages: int, sizeBytes: int },
  required: ['name', 'partitions', 'messages', 'sizeBytes'],
} as const;

export const topicDetailsSchema = {
  type: 'object',
  properties: {
    name: str,
    messages: int,
    sizeBytes: int,
    configs: { type: 'object', additionalProperties: str },
    retention: { type: 'object', properties: { ms: int, bytes: int }, required: ['ms', 'bytes'] },
    partitions: {
      type: 'array',
      items: {
        type: 'object',
        properties: { partition: int, logStartOffset: int, logEndOffset: int, sizeBytes: int },
        required: ['partition', 'logStartOffset', 'logEndOffset', 'sizeBytes'],
      },
    },
  },
  required: ['name', 'messages', 'sizeBytes', 'configs', 'retention', 'partitions'],
} as const;

export const groupSummarySchema = {
  type: 'object',
  properties: { groupId: str, state: str, protocolType: str, protocol: nullableStr, members: int, totalLag: int },
  required: ['groupId', 'state', 'protocolType', 'protocol', 'members', 'totalLag'],
} as const;

const topicPartitionsSchema = {
  type: 'object',
  properties: { topic: str, partitions: { type: 'array', items: int } },
  required: ['topic', 'partitions'],
} as const;

export const groupDetailsSchema = {
  type: 'object',
  properties: {
    groupId: str,
    state: str,
    stateSince: str,
    generationId: int,
    protocolType: nullableStr,
    protocol: nullableStr,
    leader: nullableStr,
    coordinatorShard: int,
    totalLag: int,
    members: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          memberId: str,
          groupInstanceId: nullableStr,
          clientId: str,
          host: str,
          lastHeartbeat: nullableStr,
          assignment: { type: 'array', items: topicPartitionsSchema },
        },
        required: ['memberId', 'groupInstanceId', 'clientId', 'host', 'lastHeartbeat', 'assignment'],
      },
    },
    partitions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          topic: str,
          partition: int,
          committedOffset: nullableInt,
          logStartOffset: int,
          logEndOffset: int,
          lastStableOffset: int,
          lag: nullableInt,
          owner: nullableStr,
        },
        required: [
          'topic',
          'partition',
          'committedOffset',
          'logStartOffset',
          'logEndOffset',
          'lastStableOffset',
          'lag',
          'owner',
        ],
      },
    },
  },
  required: [
    'groupId',
    'state',
    'stateSince',
    'generationId',
    'protocolType',
    'protocol',
    'leader',
    'coordinatorShard',
    'members',
    'partitions',
    'totalLag',
  ],
} as const;

/** A key, value or header: UTF-8 text when printable, else base64. */
export const bytesViewSchema = {
  type: ['object', 'null'],
  properties: { encoding: { type: 'string', enum: ['utf8', 'base64'] }, data: str },
  required: ['encoding', 'data'],
} as const;
