// Topics as the admin API shows them: partitions with log start/end offsets and sizes, and the
// retention in force (the topic's own config, else the broker's default).
import type { BrokerConfig } from '../config.js';
import { RETENTION_BYTES, RETENTION_MS, topicRetention, type Topic } from '../core/topic-registry.js';

export interface TopicSummary {
  name: string;
  partitions: number;
  /** Records kept now: log end minus log start, summed over partitions. */
  messages: number;
  sizeBytes: number;
}

export interface TopicDetails extends Omit<TopicSummary, 'partitions'> {
  configs: Record<string, string>;
  retention: { ms: number; bytes: number };
  partitions: { partition: number; logStartOffset: number; logEndOffset: number; sizeBytes: number }[];
}

export function topicSummary(topic: Topic): TopicSummary {
  let messages = 0;
  let sizeBytes = 0;
  for (const log of topic.partitions) {
    messages += log.logEndOffset - log.logStartOffset;
    sizeBytes += log.sizeBytes;
  }
  return { name: topic.name, partitions: topic.partitions.length, messages, sizeBytes };
}

export function topicDetails(topic: Topic, config: BrokerConfig): TopicDetails {
  const { partitions: _count, ...summary } = topicSummary(topic);
  return {
    ...summary,
    configs: { ...topic.configs },
    retention: {
      ms: topicRetention(topic, RETENTION_MS) ?? config.retentionMs,
      bytes: topicRetention(topic, RETENTION_BYTES) ?? config.retentionBytes,
    },
    partitions: topic.partitions.map((log) => ({
      partition: log.partition,
      logStartOffset: log.logStartOffset,
      logEndOffset: log.logEndOffset,
      sizeBytes: log.sizeBytes,
    })),
  };
}
