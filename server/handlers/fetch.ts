import type { OutgoingFetchPartition, OutgoingFetchTopic } from '../../protocol/fetch-response-frame.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { PartitionFetch } from '../core/fetcher.js';
import { allowed } from '../security/authorize-handlers.js';
import { READ_COMMITTED } from '../../protocol/messages.js';
import type { Handler } from './context.js';

/** A request value of 0 or less means the broker default; larger ones are capped by it. */
const limit = (requested: number, cap: number, fallback = cap) => (requested > 0 ? Math.min(requested, cap) : fallback);

export const handleFetch: Handler<'Fetch'> = async (request, context) => {
  const { services, responseBudget } = context;
  const { config } = services;
  const readCommitted = request.isolationLevel === READ_COMMITTED;
  const maxBytes = limit(request.maxBytes, config.fetchMaxBytes);
  // As Kafka: a topic the principal may not read gets TOPIC_AUTHORIZATION_FAILED; the others are served.
  const refused = new Set(
    services.authorizer.enabled
      ? request.topics.filter((t) => !allowed(context, 'READ', 'TOPIC', t.name)).map((t) => t.name)
      : [],
  );
  const wanted: PartitionFetch[] = [];
  for (const topic of request.topics) {
    if (refused.has(topic.name)) continue;
    for (const p of topic.partitions) {
      wanted.push({
        topic: topic.name,
        partition: p.partition,
        offset: p.fetchOffset,
        maxBytes: limit(p.partitionMaxBytes, config.fetchMaxBytes, Math.min(config.fetchPartitionMaxBytes, maxBytes)),
        readCommitted,
      });
    }
  }
  const results = await services.fetcher.fetch(
    wanted,
    {
      minBytes: Math.max(0, request.minBytes),
      maxBytes,
      maxWaitMs: Math.max(0, Math.min(request.maxWaitMs, config.fetchMaxWaitMs)),
    },
    responseBudget,
  );

  const topics: OutgoingFetchTopic[] = [];
  let i = 0;
  for (const topic of request.topics) {
    const partitions = topic.partitions.map((p): OutgoingFetchPartition => {
      if (refused.has(topic.name))
        return {
          partition: p.partition,
          errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED,
          highWatermark: -1,
          logStartOffset: -1,
          records: [],
          lastStableOffset: -1,
          abortedTransactions: [],
        };
      const r = results[i++]!;
      // The stored batches go to the socket as they are: no copy into one buffer.
      return {
        partition: r.partition,
        errorCode: r.errorCode,
        highWatermark: r.highWatermark,
        logStartOffset: r.logStartOffset,
        records: r.batches,
        lastStableOffset: r.lastStableOffset,
        abortedTransactions: r.abortedTransactions,
      };
    });
    topics.push({ name: topic.name, partitions });
  }
  return { errorCode: 0, topics };
};
