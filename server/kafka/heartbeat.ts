import type { HeartbeatRequest, HeartbeatResponse } from '../../protocol/kafka/generated/index.js';
import { handleHeartbeat } from '../handlers/groups/heartbeat.js';
import type { KafkaHandler } from './context.js';

export const kafkaHeartbeat: KafkaHandler<HeartbeatRequest, HeartbeatResponse> = async (request, _version, context) => {
  const native = await handleHeartbeat(
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
