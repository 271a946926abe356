import type { DeleteGroupsRequest, DeleteGroupsResponse } from '../../protocol/kafka/generated/index.js';
import { handleDeleteGroups } from '../handlers/groups/delete-groups.js';
import type { KafkaHandler } from './context.js';

export const kafkaDeleteGroups: KafkaHandler<DeleteGroupsRequest, DeleteGroupsResponse> = async (
  request,
  _version,
  context,
) => {
  const native = await handleDeleteGroups({ groups: request.groupsNames }, context);
  return { throttleTimeMs: 0, results: native?.results ?? [] };
};
