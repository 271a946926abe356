import type { DeleteGroupsRequest, DeleteGroupsResponse } from '../../protocol/kafka/generated/index.js';
import { nativeHandler, type KafkaHandler } from './context.js';

export const kafkaDeleteGroups: KafkaHandler<DeleteGroupsRequest, DeleteGroupsResponse> = async (
  request,
  _version,
  context,
) => {
  const native = await nativeHandler(context, 'DeleteGroups')({ groups: request.groupsNames }, context);
  return { throttleTimeMs: 0, results: native?.results ?? [] };
};
