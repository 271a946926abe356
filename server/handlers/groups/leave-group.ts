// LeaveGroup: one answer per member; member_id "" with an instance id removes a static member.
import type { Handler } from '../context.js';
import { optional } from './wire.js';

export const handleLeaveGroup: Handler<'LeaveGroup'> = (request, { services }) => {
  const result = services.coordinators.forGroup(request.groupId).leave({
    groupId: request.groupId,
    members: request.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: optional(m.groupInstanceId),
      reason: m.reason,
    })),
  });
  return {
    errorCode: result.errorCode,
    members: result.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      errorCode: m.errorCode,
    })),
  };
};
