// DeleteTopics: by name (v0-5 a list of names, v6 entries with a name or an id; ids are unknown here).
import { ErrorCode } from '../../protocol/errors.js';
import type { DeleteTopicsRequest, DeleteTopicsResponse } from '../../protocol/kafka/generated/index.js';
import { handleDeleteTopics } from '../handlers/delete-topics.js';
import { NO_TOPIC_ID, type KafkaHandler } from './context.js';

export const kafkaDeleteTopics: KafkaHandler<DeleteTopicsRequest, DeleteTopicsResponse> = async (
  request,
  version,
  context,
) => {
  const names = version >= 6 ? request.topics.map((t) => t.name) : request.topicNames;
  const native = await handleDeleteTopics(
    { timeoutMs: request.timeoutMs, topics: names.filter((n): n is string => n !== null) },
    context,
  );
  const results = new Map((native?.topics ?? []).map((r) => [r.name, r]));
  return {
    throttleTimeMs: 0,
    responses: names.map((name) => {
      const result = name === null ? undefined : results.get(name);
      return {
        name,
        topicId: NO_TOPIC_ID,
        errorCode: result?.errorCode ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        errorMessage: result?.errorMessage || null,
      };
    }),
  };
};
