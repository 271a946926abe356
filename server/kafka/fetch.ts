// Fetch: the stored batches go out as they are (no copy). No fetch sessions (session id 0 in
// every answer, so clients send full requests) and no transactions to abort.
import type { FetchRequest, FetchResponse } from '../../protocol/kafka/generated/index.js';
import { handleFetch } from '../handlers/fetch.js';
import type { KafkaHandler } from './context.js';

export const kafkaFetch: KafkaHandler<FetchRequest, FetchResponse> = async (request, _version, context) => {
  const native = await handleFetch(
    {
      maxWaitMs: request.maxWaitMs,
      minBytes: request.minBytes,
      maxBytes: request.maxBytes,
      topics: request.topics.map((t) => ({
        name: t.topic,
        partitions: t.partitions.map((p) => ({
          partition: p.partition,
          fetchOffset: p.fetchOffset,
          partitionMaxBytes: p.partitionMaxBytes,
        })),
      })),
    },
    context,
  );
  if (!native) return undefined;
  return {
    throttleTimeMs: 0,
    errorCode: native.errorCode,
    sessionId: 0,
    responses: native.topics.map((t) => ({
      topic: t.name,
      partitions: t.partitions.map((p) => ({
        partitionIndex: p.partition,
        errorCode: p.errorCode,
        highWatermark: p.highWatermark,
        lastStableOffset: p.highWatermark,
        logStartOffset: p.logStartOffset,
        divergingEpoch: { epoch: -1, endOffset: -1 },
        currentLeader: { leaderId: -1, leaderEpoch: -1 },
        snapshotId: { endOffset: -1, epoch: -1 },
        abortedTransactions: null,
        preferredReadReplica: -1,
        records: p.records,
      })),
    })),
  };
};
