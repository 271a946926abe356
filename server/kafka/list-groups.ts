import type { ListGroupsRequest, ListGroupsResponse } from '../../protocol/kafka/generated/index.js';
import { handleListGroups } from '../handlers/groups/list-groups.js';
import type { KafkaHandler } from './context.js';

export const kafkaListGroups: KafkaHandler<ListGroupsRequest, ListGroupsResponse> = async (
  request,
  _version,
  context,
) => {
  const native = await handleListGroups({ statesFilter: request.statesFilter }, context);
  return {
    throttleTimeMs: 0,
    errorCode: native?.errorCode ?? 0,
    groups: (native?.groups ?? []).map((g) => ({
      groupId: g.groupId,
      protocolType: g.protocolType,
      groupState: g.state,
    })),
  };
};
