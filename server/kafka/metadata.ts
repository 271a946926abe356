// Metadata: a null topic list means every topic (v1+); a topic asked for by id only (v10+) is
// resolved through the ids derived in ./topic-ids.ts. Brokers: this one, at its advertised address.
import { ErrorCode } from '../../protocol/errors.js';
import type { MetadataRequest, MetadataResponse } from '../../protocol/kafka/generated/index.js';
import { handleMetadata } from '../handlers/metadata.js';
import type { BrokerServices } from '../broker-services.js';
import { NO_AUTHORIZED_OPERATIONS, NO_TOPIC_ID, type KafkaHandler } from './context.js';
import { topicById, topicIdOf } from './topic-ids.js';

function topicIdFor(services: BrokerServices, name: string): Buffer {
  const topic = services.topics.get(name);
  return topic ? topicIdOf(topic) : NO_TOPIC_ID;
}

export const kafkaMetadata: KafkaHandler<MetadataRequest, MetadataResponse> = async (request, version, context) => {
  // From v10 a topic may be asked for by id alone (its name null).
  const named = (request.topics ?? []).map((t) => t.name ?? topicById(context.services, t.topicId)?.name ?? null);
  const native = await handleMetadata(
    {
      allTopics: request.topics === null,
      topics: named.filter((n): n is string => n !== null),
      // Before v4 there was no such flag and Kafka created topics on request.
      allowAutoTopicCreation: version < 4 ? true : request.allowAutoTopicCreation,
    },
    context,
  );
  if (!native) return undefined;
  const unnamed = named.some((n) => n === null);
  return {
    throttleTimeMs: 0,
    brokers: native.brokers.map((b) => ({ ...b, rack: null })),
    clusterId: native.clusterId,
    controllerId: native.controllerId,
    clusterAuthorizedOperations: NO_AUTHORIZED_OPERATIONS,
    topics: [
      ...native.topics.map((t) => ({
        errorCode: t.errorCode,
        name: t.name,
        topicId: topicIdFor(context.services, t.name),
        isInternal: t.isInternal,
        topicAuthorizedOperations: NO_AUTHORIZED_OPERATIONS,
        partitions: t.partitions.map((p) => ({
          errorCode: p.errorCode,
          partitionIndex: p.partition,
          leaderId: p.leader,
          leaderEpoch: 0,
          replicaNodes: p.replicas,
          isrNodes: p.isr,
          offlineReplicas: [],
        })),
      })),
      ...(unnamed
        ? [
            {
              errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
              name: null,
              topicId: NO_TOPIC_ID,
              isInternal: false,
              topicAuthorizedOperations: NO_AUTHORIZED_OPERATIONS,
              partitions: [],
            },
          ]
        : []),
    ],
  };
};
