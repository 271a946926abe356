// Fetch: the stored batches go out as they are (no copy). No fetch sessions (session id 0 in
// every answer, so clients send full requests). The isolation level goes to the native handler:
// read_committed stops at the last stable offset and lists the aborted transactions in range.
// From v13 topics are named by id; an unknown id is answered UNKNOWN_TOPIC_OR_PARTITION.
import { ErrorCode } from '../../protocol/errors.js';
import type {
  FetchRequest,
  FetchRequestFetchTopic,
  FetchResponse,
  FetchResponsePartitionData,
} from '../../protocol/kafka/generated/index.js';
import type { OutgoingFetchPartition } from '../../protocol/fetch-response-frame.js';
import type { BrokerServices } from '../broker-services.js';
import { handleFetch } from '../handlers/fetch.js';
import type { KafkaHandler } from './context.js';
import { topicById, topicIdOf } from './topic-ids.js';

const TOPIC_IDS_FROM = 13;

function partitionData(
  p: Omit<OutgoingFetchPartition, 'partition'> & { partition: number },
): FetchResponsePartitionData {
  return {
    partitionIndex: p.partition,
    errorCode: p.errorCode,
    highWatermark: p.highWatermark,
    lastStableOffset: p.lastStableOffset,
    logStartOffset: p.logStartOffset,
    divergingEpoch: { epoch: -1, endOffset: -1 },
    currentLeader: { leaderId: -1, leaderEpoch: -1 },
    snapshotId: { endOffset: -1, epoch: -1 },
    abortedTransactions: p.abortedTransactions,
    preferredReadReplica: -1,
    records: p.records,
  };
}

/** The topic's name (by id from v13), or undefined when the id is unknown. */
function nameOf(services: BrokerServices, topic: FetchRequestFetchTopic, byId: boolean): string | undefined {
  return byId ? topicById(services, topic.topicId)?.name : topic.topic;
}

export const kafkaFetch: KafkaHandler<FetchRequest, FetchResponse> = async (request, version, context) => {
  const { services } = context;
  const byId = version >= TOPIC_IDS_FROM;
  const named = request.topics.map((t) => ({ request: t, name: nameOf(services, t, byId) }));
  const known = named.filter((t): t is { request: FetchRequestFetchTopic; name: string } => t.name !== undefined);
  const native = await handleFetch(
    {
      maxWaitMs: request.maxWaitMs,
      minBytes: request.minBytes,
      maxBytes: request.maxBytes,
      isolationLevel: request.isolationLevel,
      topics: known.map((t) => ({
        name: t.name,
        partitions: t.request.partitions.map((p) => ({
          partition: p.partition,
          fetchOffset: p.fetchOffset,
          partitionMaxBytes: p.partitionMaxBytes,
        })),
      })),
    },
    context,
  );
  const answered = native?.topics ?? [];
  let next = 0;
  return {
    throttleTimeMs: 0,
    errorCode: native?.errorCode ?? 0,
    sessionId: 0,
    responses: named.map((t) => {
      if (t.name === undefined) {
        const unknown = {
          errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
          highWatermark: -1,
          lastStableOffset: -1,
          logStartOffset: -1,
          abortedTransactions: [],
        };
        return {
          topic: '',
          topicId: t.request.topicId,
          partitions: t.request.partitions.map((p) =>
            partitionData({ ...unknown, partition: p.partition, records: [] }),
          ),
        };
      }
      const result = answered[next++];
      const topic = services.topics.get(t.name);
      return {
        topic: t.name,
        topicId: byId ? t.request.topicId : topic ? topicIdOf(topic) : Buffer.alloc(16),
        partitions: (result?.partitions ?? []).map(partitionData),
      };
    }),
  };
};
