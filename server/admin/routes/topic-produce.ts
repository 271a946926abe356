// POST /api/topics/:topic/messages — produce one record from the console: key, value and
// headers as UTF-8 text, to a partition the caller names. Never creates the topic.
import type { FastifyInstance } from 'fastify';
import { encodeRecordBatch } from '../../../protocol/record-batch.js';
import type { BrokerServices } from '../../broker-services.js';
import { AdminError, fromProtocolError } from '../admin-error.js';
import { errorResponses, topicParams } from '../schemas.js';

interface ProduceBody {
  partition: number;
  key?: string | null;
  value: string | null;
  headers?: Record<string, string>;
}

const produceBody = {
  type: 'object',
  properties: {
    partition: { type: 'integer', minimum: 0 },
    key: { type: ['string', 'null'] },
    value: { type: ['string', 'null'] },
    headers: {
      type: 'object',
      additionalProperties: { type: 'string' },
      propertyNames: { minLength: 1, maxLength: 1024 },
      maxProperties: 100,
    },
  },
  required: ['partition', 'value'],
  additionalProperties: false,
} as const;

const produceResponse = {
  type: 'object',
  properties: {
    topic: { type: 'string' },
    partition: { type: 'integer' },
    offset: { type: 'integer' },
    timestamp: { type: 'string' },
  },
  required: ['topic', 'partition', 'offset', 'timestamp'],
} as const;

export function topicProduceRoutes(app: FastifyInstance, services: BrokerServices): void {
  app.post<{ Params: { topic: string }; Body: ProduceBody }>(
    '/api/topics/:topic/messages',
    { schema: { params: topicParams, body: produceBody, response: { 201: produceResponse, ...errorResponses } } },
    async (request, reply) => {
      const { topic: name } = request.params;
      const { partition, key = null, value, headers = {} } = request.body;
      const topic = services.topics.get(name);
      if (!topic) throw new AdminError('TOPIC_NOT_FOUND', `no topic "${name}"`);
      const log = topic.partitions[partition];
      if (!log)
        throw new AdminError(
          'PARTITION_NOT_FOUND',
          `topic "${name}" has no partition ${partition} (it has ${topic.partitions.length})`,
          'partition',
        );
      const timestamp = Date.now();
      try {
        const { baseOffset } = await log.append(encodeRecordBatch([{ key, value, headers, timestamp }]), true);
        request.log.info({ topic: name, partition, offset: baseOffset }, 'record produced from the admin API');
        return await reply
          .code(201)
          .send({ topic: name, partition, offset: baseOffset, timestamp: new Date(timestamp).toISOString() });
      } catch (err) {
        throw fromProtocolError(err, 'value');
      }
    },
  );
}
