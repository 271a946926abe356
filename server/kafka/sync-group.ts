import type { SyncGroupRequest, SyncGroupResponse } from '../../protocol/kafka/generated/index.js';
import { handleSyncGroup } from '../handlers/groups/sync-group.js';
import type { KafkaHandler } from './context.js';

export const kafkaSyncGroup: KafkaHandler<SyncGroupRequest, SyncGroupResponse> = async (request, _version, context) => {
  const native = await handleSyncGroup(
    {
      groupId: request.groupId,
      generationId: request.generationId,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId,
      protocolType: request.protocolType,
      protocolName: request.protocolName,
      assignments: request.assignments.map((a) => ({ memberId: a.memberId, assignment: a.assignment })),
    },
    context,
  );
  if (!native) return undefined;
  return {
    throttleTimeMs: 0,
    errorCode: native.errorCode,
    protocolType: native.protocolType === '' ? null : native.protocolType,
    protocolName: native.protocolName === '' ? null : native.protocolName,
    assignment: Buffer.from(native.assignment),
  };
};
