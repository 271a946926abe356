// CreatePartitions: a topic grows to the requested count; manual replica assignments are refused
// (one broker holds every partition). An empty list is read as none.
import { ErrorCode } from '../../protocol/errors.js';
import type { CreatePartitionsRequest, CreatePartitionsResponse } from '../../protocol/kafka/generated/index.js';
import { nativeHandler, type KafkaHandler } from './context.js';

export const kafkaCreatePartitions: KafkaHandler<CreatePartitionsRequest, CreatePartitionsResponse> = async (
  request,
  _version,
  context,
) => {
  const manual = (t: (typeof request.topics)[number]) => (t.assignments?.length ?? 0) > 0;
  const accepted = request.topics.filter((t) => !manual(t));
  const native = await nativeHandler(context, 'CreatePartitions')(
    {
      topics: accepted.map((t) => ({ name: t.name, count: t.count })),
      timeoutMs: request.timeoutMs,
      validateOnly: request.validateOnly,
    },
    context,
  );
  const answers = (native?.topics ?? []).values();
  return {
    throttleTimeMs: 0,
    results: request.topics.map((t) => {
      if (manual(t))
        return {
          name: t.name,
          errorCode: ErrorCode.INVALID_REQUEST,
          errorMessage: 'manual replica assignments are not supported',
        };
      const answer = answers.next().value;
      if (!answer) return { name: t.name, errorCode: ErrorCode.UNKNOWN_SERVER_ERROR, errorMessage: 'no answer' };
      return {
        name: answer.name,
        errorCode: answer.errorCode,
        errorMessage: answer.errorMessage === '' ? null : answer.errorMessage,
      };
    }),
  };
};
