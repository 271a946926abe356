// JoinGroup: parks until the join phase completes (the coordinator never rejects). Client id
// and host come from the connection, not the request body. Protocols are bounded: the
// coordinator compares each joiner's protocols with every member's, and clients offer one per
// assignor (a handful), so a long list is refused rather than multiplying that work.
import { ErrorCode } from '../../../protocol/errors.js';
import type { JoinGroupResponse } from '../../../protocol/messages.js';
import type { JoinGroupResult } from '../../groups/types.js';
import type { Handler } from '../context.js';
import { clientHost, optional } from './wire.js';

/** Most protocols (assignors) one JoinGroup may offer. */
export const MAX_JOIN_PROTOCOLS = 64;

export const handleJoinGroup: Handler<'JoinGroup'> = async (request, { services, connection, log }) => {
  const groupInstanceId = optional(request.groupInstanceId);
  // As Kafka's coordinator: an instance id, when given, must not be empty.
  if (groupInstanceId === '') return toWire(request.memberId, ErrorCode.INVALID_REQUEST);
  if (request.protocols.length > MAX_JOIN_PROTOCOLS) {
    log.warn(
      {
        group: request.groupId,
        connection: connection.id,
        clientId: connection.clientId,
        protocols: request.protocols.length,
      },
      `JoinGroup refused: more than ${MAX_JOIN_PROTOCOLS} protocols`,
    );
    return toWire(request.memberId, ErrorCode.INVALID_REQUEST);
  }
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
    members: (result?.members ?? []).map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: m.metadata,
    })),
  };
}
