// /api/topics: list, create (KafkaJS createTopics' shape), describe, delete, add partitions.
import type { FastifyInstance } from 'fastify';
import type { BrokerServices } from '../../broker-services.js';
import { AdminError, fromProtocolError } from '../admin-error.js';
import { errorResponses, topicDetailsSchema, topicParams, topicSummarySchema } from '../schemas.js';
import { topicDetails, topicSummary } from '../topic-view.js';

interface TopicParams {
  topic: string;
}
interface CreateTopicBody {
  topic: string;
  numPartitions?: number;
  configs?: Record<string, string>;
}
interface AddPartitionsBody {
  count: number;
}

const createTopicBody = {
  type: 'object',
  properties: {
    topic: { type: 'string', minLength: 1, maxLength: 249 },
    numPartitions: { type: 'integer', minimum: 1 },
    // KafkaJS sends configEntries: [{ name, value }]; a plain map is simpler over HTTP.
    configs: { type: 'object', additionalProperties: { type: 'string' } },
  },
  required: ['topic'],
  additionalProperties: false,
} as const;

const addPartitionsBody = {
  type: 'object',
  properties: { count: { type: 'integer', minimum: 1 } },
  required: ['count'],
  additionalProperties: false,
} as const;

export function topicRoutes(app: FastifyInstance, services: BrokerServices): void {
  const { topics, config } = services;
  const find = (name: string) => {
    const topic = topics.get(name);
    if (!topic) throw new AdminError('TOPIC_NOT_FOUND', `no topic "${name}"`);
    return topic;
  };

  app.get(
    '/api/topics',
    {
      schema: {
        response: {
          200: {
            type: 'object',
            properties: { topics: { type: 'array', items: topicSummarySchema } },
            required: ['topics'],
          },
        },
      },
    },
    async () => ({
      topics: topics
        .list()
        .map(topicSummary)
        .sort((a, b) => a.name.localeCompare(b.name)),
    }),
  );

  app.post<{ Body: CreateTopicBody }>(
    '/api/topics',
    {
      schema: { body: createTopicBody, response: { 201: topicDetailsSchema, ...errorResponses } },
    },
    async (request, reply) => {
      const { topic, numPartitions = 0, configs = {} } = request.body;
      try {
        const created = topics.create(topic, numPartitions, configs);
        return reply.code(201).send(topicDetails(created, config));
      } catch (err) {
        throw fromProtocolError(err, 'numPartitions');
      }
    },
  );

  app.get<{ Params: TopicParams }>(
    '/api/topics/:topic',
    {
      schema: { params: topicParams, response: { 200: topicDetailsSchema, ...errorResponses } },
    },
    async (request) => topicDetails(find(request.params.topic), config),
  );

  app.delete<{ Params: TopicParams }>(
    '/api/topics/:topic',
    {
      schema: { params: topicParams, response: { 204: { type: 'null' }, ...errorResponses } },
    },
    async (request, reply) => {
      find(request.params.topic);
      topics.delete(request.params.topic);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: TopicParams; Body: AddPartitionsBody }>(
    '/api/topics/:topic/partitions',
    {
      schema: {
        params: topicParams,
        body: addPartitionsBody,
        response: { 200: topicDetailsSchema, ...errorResponses },
      },
    },
    async (request) => {
      const topic = find(request.params.topic);
      try {
        topics.addPartitions(topic.name, request.body.count);
      } catch (err) {
        throw fromProtocolError(err, 'count');
      }
      return topicDetails(topic, config);
    },
  );
}
