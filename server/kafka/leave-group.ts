// LeaveGroup: one member (v0-2) or a batch of members (v3+, static members by instance id).
import type { LeaveGroupRequest, LeaveGroupResponse } from '../../protocol/kafka/generated/index.js';
import { handleLeaveGroup } from '../handlers/groups/leave-group.js';
import type { KafkaHandler } from './context.js';

export const kafkaLeaveGroup: KafkaHandler<LeaveGroupRequest, LeaveGroupResponse> = async (
  request,
  version,
  context,
) => {
  const batched = version >= 3;
  const members = batched
    ? request.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, reason: m.reason ?? '' }))
    : [{ memberId: request.memberId, groupInstanceId: null, reason: '' }];
  const native = await handleLeaveGroup({ groupId: request.groupId, members }, context);
  if (!native) return undefined;
  const memberError = native.members.find((m) => m.errorCode !== 0)?.errorCode ?? 0;
  return {
    throttleTimeMs: 0,
    // Before v3 the one member's error is the answer's.
    errorCode: native.errorCode !== 0 || batched ? native.errorCode : memberError,
    members: native.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId ?? null,
      errorCode: m.errorCode,
    })),
  };
};
