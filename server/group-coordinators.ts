// Builds the broker's group coordinator shards over the committed-offsets store, with the system
// clock, topic partition counts from the TopicRegistry (commits to unknown partitions are refused)
// and consumer subscriptions read for offsets retention of Stable groups (KIP-211).
import { CONSUMER_PROTOCOL_TYPE, decodeSubscription } from '../protocol/consumer-protocol.js';
import type { BrokerConfig } from './config.js';
import type { TopicRegistry } from './core/topic-registry.js';
import { systemClock } from './groups/clock.js';
import { CoordinatorShards } from './groups/coordinator-shards.js';
import { GroupLimits } from './groups/group-limits.js';
import type { GroupConfig } from './groups/group-config.js';
import type { GroupEventListener } from './groups/group-events.js';
import type { SubscriptionReader } from './groups/group-offsets.js';
import type { OffsetStore } from './storage/offset-store.js';

/** Every shard is created inactive; the broker activates them once it serves. */
export function createCoordinatorShards(
  offsets: OffsetStore,
  config: BrokerConfig,
  topics: TopicRegistry,
  events?: GroupEventListener,
): CoordinatorShards {
  return new CoordinatorShards({
    events,
    offsets,
    config: groupConfigOf(config),
    clock: systemClock,
    topics: { partitionCount: (topic) => topics.get(topic)?.partitions.length },
    readSubscription: consumerSubscriptionReader(config.maxRequestElements),
    shardCount: config.coordinatorShards,
    // One instance shared by every shard: the bounds are per broker.
    limits: new GroupLimits(config.maxBrokerGroups, config.maxBrokerGroupMembers),
  });
}

/** The coordinator's settings from the broker's (same names). */
export function groupConfigOf(config: BrokerConfig): Partial<GroupConfig> {
  return {
    groupInitialRebalanceDelayMs: config.groupInitialRebalanceDelayMs,
    groupMinSessionTimeoutMs: config.groupMinSessionTimeoutMs,
    groupMaxSessionTimeoutMs: config.groupMaxSessionTimeoutMs,
    groupMaxSize: config.groupMaxSize,
    offsetsRetentionMs: config.offsetsRetentionMs,
    offsetsRetentionCheckIntervalMs: config.offsetsRetentionCheckIntervalMs,
    offsetMetadataMaxBytes: config.offsetMetadataMaxBytes,
  };
}

/**
 * Subscribed topics of a consumer member; undefined for other protocol types or unreadable bytes
 * (clients send what they like), and for metadata holding more elements than a request may.
 */
function consumerSubscriptionReader(maxElements: number): SubscriptionReader {
  return (protocolType, metadata) => {
    if (protocolType !== CONSUMER_PROTOCOL_TYPE) return undefined;
    try {
      return decodeSubscription(metadata, maxElements).topics;
    } catch {
      return undefined;
    }
  };
}
