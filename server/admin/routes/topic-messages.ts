// GET /api/topics/:topic/messages?partition=&offset=&limit= — peek at records without a consumer.
import type { FastifyInstance } from 'fastify';
import { decodeRecordBatches } from '../../../protocol/record-batch.js';
import type { PartitionLog } from '../../core/partition-log.js';
import type { BrokerServices } from '../../broker-services.js';
import { AdminError, fromProtocolError } from '../admin-error.js';
import { viewBytes, type BytesView } from '../record-view.js';
import { bytesViewSchema, errorResponses, topicParams } from '../schemas.js';

interface MessagesQuery {
  partition: number;
  offset?: number;
  limit: number;
}

const READ_BYTES = 1024 * 1024;

const messagesQuery = {
  type: 'object',
  properties: {
    partition: { type: 'integer', minimum: 0, default: 0 },
    // Absent: the latest `limit` records.
    offset: { type: 'integer', minimum: 0 },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 20 },
  },
  additionalProperties: false,
} as const;

const messagesResponse = {
  type: 'object',
  properties: {
    topic: { type: 'string' },
    partition: { type: 'integer' },
    logStartOffset: { type: 'integer' },
    logEndOffset: { type: 'integer' },
    messages: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          offset: { type: 'integer' },
          timestamp: { type: 'string' },
          key: bytesViewSchema,
          value: bytesViewSchema,
          headers: { type: 'object', additionalProperties: { type: 'array', items: bytesViewSchema } },
        },
        required: ['offset', 'timestamp', 'key', 'value', 'headers'],
      },
    },
  },
  required: ['topic', 'partition', 'logStartOffset', 'logEndOffset', 'messages'],
} as const;

export function topicMessageRoutes(app: FastifyInstance, services: BrokerServices): void {
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
      const { partition, limit } = request.query;
      const topic = services.topics.get(name);
      if (!topic) throw new AdminError('TOPIC_NOT_FOUND', `no topic "${name}"`);
      const log = topic.partitions[partition];
      if (!log)
        throw new AdminError(
          'PARTITION_NOT_FOUND',
          `topic "${name}" has no partition ${partition} (it has ${topic.partitions.length})`,
          'partition',
        );
      const from = request.query.offset ?? Math.max(log.logStartOffset, log.logEndOffset - limit);
      try {
        log.checkOffset(from);
      } catch (err) {
        throw fromProtocolError(err);
      }
      return {
        topic: name,
        partition,
        logStartOffset: log.logStartOffset,
        logEndOffset: log.logEndOffset,
        messages: readMessages(log, from, limit),
      };
    },
  );
}

function readMessages(log: PartitionLog, from: number, limit: number) {
  const out: {
    offset: number;
    timestamp: string;
    key: BytesView | null;
    value: BytesView | null;
    headers: Record<string, (BytesView | null)[]>;
  }[] = [];
  let next = from;
  while (out.length < limit && next < log.logEndOffset) {
    const before = next;
    for (const batch of log.read(next, READ_BYTES).batches) {
      for (const record of decodeRecordBatches(batch, false)) {
        if (record.offset < next || out.length >= limit) continue;
        const headers: Record<string, (BytesView | null)[]> = {};
        for (const [key, value] of Object.entries(record.headers))
          headers[key] = (Array.isArray(value) ? value : [value]).map(viewBytes);
        out.push({
          offset: record.offset,
          timestamp: new Date(record.timestamp).toISOString(),
          key: viewBytes(record.key),
          value: viewBytes(record.value),
          headers,
        });
        next = record.offset + 1;
      }
    }
    if (next === before) break;
  }
  return out;
}
