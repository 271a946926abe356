import type { TopicMetadata } from '../../protocol/messages.js';
import type { Topic } from '../core/topic-registry.js';
import type { Handler } from './context.js';
import { itemError } from './error-code.js';

export const handleMetadata: Handler<'Metadata'> = (request, { services, log }) => {
  const { nodeId } = services.config;
  const describe = (topic: Topic): TopicMetadata => ({
    errorCode: 0,
    name: topic.name,
    isInternal: false,
    partitions: topic.partitions.map((_, partition) => ({
      errorCode: 0,
      partition,
      leader: nodeId,
      replicas: [nodeId],
      isr: [nodeId],
    })),
  });
  const topics = request.allTopics
    ? services.topics.list().map(describe)
    : [...new Set(request.topics)].map((name): TopicMetadata => {
        try {
          return describe(services.topics.resolve(name, request.allowAutoTopicCreation));
        } catch (err) {
          const { errorCode } = itemError(err, log, { topic: name });
          return { errorCode, name, isInternal: false, partitions: [] };
        }
      });
  const { host, port } = services.advertisedAddress();
  return { brokers: [{ nodeId, host, port }], controllerId: nodeId, clusterId: services.clusterId, topics };
};
