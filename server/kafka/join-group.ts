// JoinGroup: member ids are assigned on the first join (v4+ clients rejoin with the id from
// MEMBER_ID_REQUIRED, as the native coordinator answers). Protocol metadata is carried as is.
import type { JoinGroupRequest, JoinGroupResponse } from '../../protocol/kafka/generated/index.js';
import { handleJoinGroup } from '../handlers/groups/join-group.js';
import type { KafkaHandler } from './context.js';

export const kafkaJoinGroup: KafkaHandler<JoinGroupRequest, JoinGroupResponse> = async (request, version, context) => {
  const native = await handleJoinGroup(
    {
      groupId: request.groupId,
      // v0 has no rebalance timeout: Kafka uses the session timeout.
      sessionTimeoutMs: request.sessionTimeoutMs,
      rebalanceTimeoutMs: version === 0 ? request.sessionTimeoutMs : request.rebalanceTimeoutMs,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId,
      protocolType: request.protocolType,
      protocols: request.protocols.map((p) => ({ name: p.name, metadata: p.metadata })),
      reason: request.reason ?? '',
    },
    context,
  );
  if (!native) return undefined;
  return {
    throttleTimeMs: 0,
    errorCode: native.errorCode,
    generationId: native.generationId,
    protocolType: native.protocolType === '' ? null : native.protocolType,
    protocolName: native.protocolName === '' && version >= 7 ? null : native.protocolName,
    leader: native.leader,
    skipAssignment: native.skipAssignment,
    memberId: native.memberId,
    members: native.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId ?? null,
      metadata: Buffer.from(m.metadata),
    })),
  };
};
