import type { DescribeGroupsRequest, DescribeGroupsResponse } from '../../protocol/kafka/generated/index.js';
import { handleDescribeGroups } from '../handlers/groups/describe-groups.js';
import { NO_AUTHORIZED_OPERATIONS, type KafkaHandler } from './context.js';

export const kafkaDescribeGroups: KafkaHandler<DescribeGroupsRequest, DescribeGroupsResponse> = async (
  request,
  _version,
  context,
) => {
  const native = await handleDescribeGroups({ groups: request.groups }, context);
  return {
    throttleTimeMs: 0,
    groups: (native?.groups ?? []).map((g) => ({
      errorCode: g.errorCode,
      groupId: g.groupId,
      groupState: g.state,
      protocolType: g.protocolType,
      protocolData: g.protocol,
      authorizedOperations: NO_AUTHORIZED_OPERATIONS,
      members: g.members.map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId ?? null,
        clientId: m.clientId,
        clientHost: m.clientHost,
        memberMetadata: Buffer.from(m.metadata),
        memberAssignment: Buffer.from(m.assignment),
      })),
    })),
  };
};
