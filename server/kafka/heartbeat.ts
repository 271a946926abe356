import type { HeartbeatRequest, HeartbeatResponse } from '../../protocol/kafka/generated/index.js';
import { nativeHandler, type KafkaHandler } from './context.js';

export const kafkaHeartbeat: KafkaHandler<HeartbeatRequest, HeartbeatResponse> = async (request, _version, context) => {
  const native = await nativeHandler(context, 'Heartbeat')(
    {
      groupId: request.groupId,
      generationId: request.generationId,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId,
    },
    context,
  );
  return { throttleTimeMs: 0, errorCode: native?.errorCode ?? 0 };
};
