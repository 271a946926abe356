import type { TopicMetadata } from '../../protocol/messages.js';
import type { Topic } from '../core/topic-registry.js';
import { ErrorCode } from '../../protocol/errors.js';
import { allowed, mayCreateTopic } from '../security/authorize-handlers.js';
import type { Handler } from './context.js';
import { itemError } from './error-code.js';

export const handleMetadata: Handler<'Metadata'> = (request, context) => {
  const { services, log } = context;
  // Only topics the principal may describe are listed; a named one it may not is refused (29).
  const describable = (name: string) => allowed(context, 'DESCRIBE', 'TOPIC', name);
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
    ? services.topics
        .list()
        .filter((topic) => describable(topic.name))
        .map(describe)
    : [...new Set(request.topics)].map((name): TopicMetadata => {
        if (!describable(name))
          return { errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, name, isInternal: false, partitions: [] };
        try {
          return describe(
            services.topics.resolve(name, request.allowAutoTopicCreation && mayCreateTopic(context, name)),
          );
        } catch (err) {
          const { errorCode } = itemError(err, log, { topic: name });
          return { errorCode, name, isInternal: false, partitions: [] };
        }
      });
  const { host, port } = services.advertisedAddress();
  return { brokers: [{ nodeId, host, port }], controllerId: nodeId, clusterId: services.clusterId, topics };
};
