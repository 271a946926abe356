// SyncGroup: a follower's request parks until the leader's arrives; each member gets only its own
// assignment. Entries naming members the group lacks are ignored by the coordinator.
import type { Handler } from '../context.js';
import { optional } from './wire.js';

export const handleSyncGroup: Handler<'SyncGroup'> = async (request, { services }) => {
  const result = await services.coordinators.forGroup(request.groupId).sync({
    groupId: request.groupId,
    generationId: request.generationId,
    memberId: request.memberId,
    groupInstanceId: optional(request.groupInstanceId),
    protocolType: optional(request.protocolType),
    protocolName: optional(request.protocolName),
    assignments: request.assignments.map((a) => ({ memberId: a.memberId, assignment: a.assignment })),
  });
  return {
    errorCode: result.errorCode,
    protocolType: result.protocolType ?? '',
    protocolName: result.protocolName ?? '',
    assignment: result.assignment,
  };
};
