// OffsetFetch: one group (v1-7; a null topic list means every committed topic, v2+) or a batch
// of groups (v8+). Each group is answered by the native handler.
import type {
  OffsetFetchRequest,
  OffsetFetchRequestOffsetFetchRequestTopics,
  OffsetFetchResponse,
} from '../../protocol/kafka/generated/index.js';
import type { OffsetFetchResponse as NativeOffsetFetchResponse } from '../../protocol/messages.js';
import { handleOffsetFetch } from '../handlers/groups/offset-fetch.js';
import type { HandlerContext } from '../handlers/context.js';
import type { KafkaHandler } from './context.js';

async function fetchGroup(
  groupId: string,
  topics: readonly OffsetFetchRequestOffsetFetchRequestTopics[] | null,
  context: HandlerContext,
): Promise<NativeOffsetFetchResponse> {
  const native = await handleOffsetFetch(
    {
      groupId,
      allTopics: topics === null,
      topics: (topics ?? []).map((t) => ({ name: t.name, partitions: t.partitionIndexes })),
    },
    context,
  );
  return native ?? { errorCode: 0, topics: [] };
}

const toTopics = (native: NativeOffsetFetchResponse) =>
  native.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => ({
      partitionIndex: p.partition,
      committedOffset: p.committedOffset,
      committedLeaderEpoch: -1,
      metadata: p.metadata,
      errorCode: p.errorCode,
    })),
  }));

export const kafkaOffsetFetch: KafkaHandler<OffsetFetchRequest, OffsetFetchResponse> = async (
  request,
  version,
  context,
) => {
  if (version >= 8) {
    const groups = await Promise.all(
      request.groups.map(async (g) => {
        const native = await fetchGroup(g.groupId, g.topics, context);
        return { groupId: g.groupId, errorCode: native.errorCode, topics: toTopics(native) };
      }),
    );
    return { throttleTimeMs: 0, errorCode: 0, topics: [], groups };
  }
  const native = await fetchGroup(request.groupId, request.topics, context);
  return { throttleTimeMs: 0, errorCode: native.errorCode, topics: toTopics(native), groups: [] };
};
