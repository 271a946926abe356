// CreateTopics: a count of -1 takes the broker's default; replication must be 1 or -1 (one
// broker) and manual replica assignments are refused. Configs go to the topic registry, which
// validates them as for the native API.
import { ErrorCode } from '../../protocol/errors.js';
import type {
  CreateTopicsRequest,
  CreateTopicsRequestCreatableTopic,
  CreateTopicsResponse,
} from '../../protocol/kafka/generated/index.js';
import { handleCreateTopics } from '../handlers/create-topics.js';
import { NO_TOPIC_ID, type KafkaHandler } from './context.js';

function refusal(topic: CreateTopicsRequestCreatableTopic): { errorCode: number; errorMessage: string } | undefined {
  if (topic.replicationFactor !== -1 && topic.replicationFactor !== 1)
    return { errorCode: ErrorCode.INVALID_REPLICATION_FACTOR, errorMessage: 'this broker keeps one replica' };
  if (topic.assignments.length > 0)
    return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'manual replica assignments are not supported' };
  if (topic.configs.some((c) => c.value === null))
    return { errorCode: ErrorCode.INVALID_CONFIG, errorMessage: 'a topic config has a null value' };
  return undefined;
}

export const kafkaCreateTopics: KafkaHandler<CreateTopicsRequest, CreateTopicsResponse> = async (
  request,
  _version,
  context,
) => {
  const refused = new Map(request.topics.map((t) => [t, refusal(t)]));
  const accepted = request.topics.filter((t) => !refused.get(t));
  const native = await handleCreateTopics(
    {
      timeoutMs: request.timeoutMs,
      validateOnly: request.validateOnly,
      topics: accepted.map((t) => ({
        name: t.name,
        numPartitions: Math.max(0, t.numPartitions),
        configs: Object.fromEntries(t.configs.map((c) => [c.name, c.value ?? ''])),
      })),
    },
    context,
  );
  const results = new Map((native?.topics ?? []).map((r) => [r.name, r]));
  return {
    throttleTimeMs: 0,
    topics: request.topics.map((t) => {
      const outcome = refused.get(t) ?? results.get(t.name);
      const errorCode = outcome?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR;
      const partitions = errorCode === 0 ? (context.services.topics.get(t.name)?.partitions.length ?? -1) : -1;
      return {
        name: t.name,
        topicId: NO_TOPIC_ID,
        errorCode,
        errorMessage: outcome?.errorMessage || null,
        topicConfigErrorCode: 0,
        numPartitions: request.validateOnly ? t.numPartitions : partitions,
        replicationFactor: errorCode === 0 ? 1 : -1,
        configs: [],
      };
    }),
  };
};
