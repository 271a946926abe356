// JoinGroup: parks until the join phase completes (the coordinator never rejects). Client id
// and host come from the connection, not the request body.
import { ErrorCode } from '../../../protocol/errors.js';
import type { JoinGroupResponse } from '../../../protocol/messages.js';
import type { JoinGroupResult } from '../../groups/types.js';
import type { Handler } from '../context.js';
import { clientHost, optional } from './wire.js';

export const handleJoinGroup: Handler<'JoinGroup'> = async (request, { services, connection }) => {
  const groupInstanceId = optional(request.groupInstanceId);
  // As Kafka's coordinator: an instance id, when given, must not be empty.
  if (groupInstanceId === '') return toWire(request.memberId, ErrorCode.INVALID_REQUEST);
  const result = await services.coordinators.forGroup(request.groupId).join({
    groupId: request.groupId,
    memberId: request.memberId,
    groupInstanceId,
    clientId: connection.clientId,
    clientHost: clientHost(connection),
    sessionTimeoutMs: request.sessionTimeoutMs,
    rebalanceTimeoutMs: request.rebalanceTimeoutMs,
    protocolType: request.protocolType,
    protocols: request.protocols.map((p) => ({ name: p.name, metadata: p.metadata })),
    reason: request.reason,
  });
  return toWire(result.memberId, result.errorCode, result);
};

function toWire(memberId: string, errorCode: number, result?: JoinGroupResult): JoinGroupResponse {
  return {
    errorCode,
    generationId: result?.generationId ?? -1,
    protocolType: result?.protocolType ?? '',
    protocolName: result?.protocolName ?? '',
    leader: result?.leader ?? '',
    skipAssignment: result?.skipAssignment ?? false,
    memberId,
    members: (result?.members ?? []).map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadata })),
  };
}
