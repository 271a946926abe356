// POST /api/groups/:group/offsets/reset — kafka-consumer-groups --reset-offsets: a dry run that
// shows the plan unless `execute` is true; refused (409) while the group has members, as Kafka does.
import type { FastifyInstance } from 'fastify';
import type { BrokerServices } from '../../broker-services.js';
import { AdminError } from '../admin-error.js';
import {
  NoCommittedOffset,
  planOffsetReset,
  type PlannedOffset,
  type ResetTarget,
} from '../../../protocol/offsets/index.js';
import { RESET_STRATEGIES, resetSpecOf, type ResetRequest } from '../reset-request.js';
import { errorResponses, groupParams } from '../schemas.js';

interface ResetBody extends ResetRequest {
  topics?: { topic: string; partitions?: number[] }[];
  execute?: boolean;
}

const resetBody = {
  type: 'object',
  properties: {
    to: { type: 'string', enum: [...RESET_STRATEGIES] },
    value: { type: ['string', 'integer'] },
    topics: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          topic: { type: 'string', minLength: 1 },
          partitions: { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 1 },
        },
        required: ['topic'],
        additionalProperties: false,
      },
    },
    execute: { type: 'boolean', default: false },
  },
  required: ['to'],
  additionalProperties: false,
} as const;

const resetResponse = {
  type: 'object',
  properties: {
    executed: { type: 'boolean' },
    offsets: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          topic: { type: 'string' },
          partition: { type: 'integer' },
          current: { type: ['integer', 'null'] },
          next: { type: 'integer' },
        },
        required: ['topic', 'partition', 'current', 'next'],
      },
    },
  },
  required: ['executed', 'offsets'],
} as const;

export function groupOffsetsResetRoutes(app: FastifyInstance, services: BrokerServices): void {
  app.post<{ Params: { group: string }; Body: ResetBody }>(
    '/api/groups/:group/offsets/reset',
    {
      schema: { params: groupParams, body: resetBody, response: { 200: resetResponse, ...errorResponses } },
    },
    async (request) => {
      const { group: groupId } = request.params;
      const body = request.body;
      const coordinator = services.coordinators.forGroup(groupId);
      const group = coordinator.inspectGroup(groupId);
      if (!group) throw new AdminError('GROUP_NOT_FOUND', `no consumer group "${groupId}"`);
      if (group.members.length > 0 || group.state !== 'Empty') {
        throw new AdminError(
          'GROUP_NOT_EMPTY',
          `group "${groupId}" is ${group.state} with ${group.members.length} member(s); offsets can only be reset while it has none`,
        );
      }
      const committed = new Map<string, Map<number, number>>();
      for (const t of coordinator.fetchOffsets({ groupId, topics: null }).topics)
        committed.set(t.name, new Map(t.partitions.map((p) => [p.partition, p.offset])));
      const selection = body.topics ?? [...committed.keys()].map((topic) => ({ topic, partitions: undefined }));
      if (selection.length === 0)
        throw new AdminError(
          'INVALID_REQUEST',
          `group "${groupId}" has no committed offsets; name the topics to reset`,
          'topics',
        );
      const targets: ResetTarget[] = selection.flatMap(({ topic: name, partitions }) => {
        const topic = services.topics.get(name);
        if (!topic) throw new AdminError('TOPIC_NOT_FOUND', `no topic "${name}"`);
        return (partitions ?? topic.partitions.map((log) => log.partition)).map((p) => {
          const log = topic.partitions[p];
          if (!log) throw new AdminError('PARTITION_NOT_FOUND', `topic "${name}" has no partition ${p}`, 'topics');
          return {
            topic: name,
            partition: p,
            logStartOffset: log.logStartOffset,
            logEndOffset: log.logEndOffset,
            committedOffset: committed.get(name)?.get(p) ?? null,
          };
        });
      });
      const spec = resetSpecOf(body, Date.now());
      const offsetForTimestamp = (topic: string, partition: number, timestamp: number) =>
        services.topics.get(topic)!.partitions[partition]!.offsetForTimestamp(timestamp).offset;
      const offsets = planOrRefuse(() => planOffsetReset(spec, targets, offsetForTimestamp));
      if (!body.execute) return { executed: false, offsets };
      // A commit outside group management (generation -1) is accepted only while the group is Empty.
      const result = coordinator.commitOffsets({
        groupId,
        generationId: -1,
        memberId: '',
        topics: [...new Set(offsets.map((o) => o.topic))].map((name) => ({
          name,
          partitions: offsets.filter((o) => o.topic === name).map((o) => ({ partition: o.partition, offset: o.next })),
        })),
      });
      const failed = result.topics.flatMap((t) => t.partitions).find((p) => p.errorCode !== 0);
      if (failed)
        throw new AdminError(
          'GROUP_NOT_EMPTY',
          `the coordinator refused the reset (error ${failed.errorCode}); the group may have members again`,
        );
      return { executed: true, offsets };
    },
  );
}

/** A shift over a never-committed partition is refused, as kafka-consumer-groups does. */
function planOrRefuse(plan: () => PlannedOffset[]): PlannedOffset[] {
  try {
    return plan();
  } catch (err) {
    if (err instanceof NoCommittedOffset)
      throw new AdminError('INVALID_REQUEST', `${err.message}; reset it with another strategy first`, 'to');
    throw err;
  }
}
