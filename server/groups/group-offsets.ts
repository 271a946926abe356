// Committed offsets of the groups of one shard: commit validation (member, generation, state),
// metadata size, unknown partitions, reads, and retention (KIP-211).
import { ErrorCode } from '../../protocol/errors.js';
import type { Clock } from './clock.js';
import type { GroupConfig } from './group-config.js';
import type { Group } from './group.js';
import type { Rebalancer } from './rebalancer.js';
import type {
  CommittedOffsets,
  OffsetCommitParams,
  OffsetCommitResult,
  OffsetFetchParams,
  OffsetFetchResult,
  StoredOffset,
  TopicPartitionLookup,
} from './types.js';

/** Subscribed topics from a member's metadata for the selected protocol (consumer groups); undefined if unreadable. */
export type SubscriptionReader = (protocolType: string, metadata: Uint8Array) => readonly string[] | undefined;

export class GroupOffsets {
  constructor(
    private readonly config: GroupConfig,
    private readonly clock: Clock,
    private readonly store: CommittedOffsets,
    private readonly rebalancer: Rebalancer,
    private readonly topics?: TopicPartitionLookup,
    private readonly readSubscription?: SubscriptionReader,
  ) {}

  /** Kafka's validateOffsetCommit plus the state rule; NONE when the commit may proceed. */
  validate(group: Group, params: OffsetCommitParams): number {
    if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const instanceId = params.groupInstanceId ?? null;
    if (params.generationId >= 0 || params.memberId !== '' || instanceId !== null) {
      if (group.isStaticMemberFenced(instanceId, params.memberId)) return ErrorCode.FENCED_INSTANCE_ID;
      if (!group.has(params.memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
      if (params.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    } else if (!group.is('Empty')) {
      // Only members may commit to a group that has members.
      return ErrorCode.UNKNOWN_MEMBER_ID;
    }
    if (group.is('CompletingRebalance')) return ErrorCode.REBALANCE_IN_PROGRESS;
    if (group.is('Stable') || group.is('PreparingRebalance'))
      this.rebalancer.scheduleExpiry(group, group.get(params.memberId));
    return ErrorCode.NONE;
  }

  commit(group: Group, params: OffsetCommitParams): OffsetCommitResult {
    const groupError = this.validate(group, params);
    if (groupError !== ErrorCode.NONE) return everyPartition(params, groupError);
    const now = this.clock.now();
    const accepted: StoredOffset[] = [];
    const result: OffsetCommitResult = { topics: [] };
    for (const topic of params.topics) {
      const count = this.topics?.partitionCount(topic.name);
      const partitions = topic.partitions.map(({ partition, offset, metadata }) => {
        let errorCode: number = ErrorCode.NONE;
        // Java String.length(): UTF-16 code units, which is what JavaScript's length counts.
        if ((metadata ?? '').length > this.config.offsetMetadataMaxBytes)
          errorCode = ErrorCode.OFFSET_METADATA_TOO_LARGE;
        else if (this.topics && (count === undefined || partition < 0 || partition >= count))
          errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        else accepted.push({ topic: topic.name, partition, offset, metadata: metadata ?? '', commitTime: now });
        return { partition, errorCode };
      });
      result.topics.push({ name: topic.name, partitions });
    }
    if (accepted.length > 0) {
      try {
        this.store.upsertMany(group.groupId, accepted);
      } catch {
        // One transaction: nothing was written. Retriable: the client rediscovers and retries.
        return everyPartition(params, ErrorCode.COORDINATOR_NOT_AVAILABLE);
      }
    }
    return result;
  }

  /** Answered in every state; unknown groups and partitions give offset -1. */
  fetch(groupId: string, params: OffsetFetchParams): OffsetFetchResult {
    if (params.topics === null) {
      const byTopic = new Map<string, { partition: number; offset: number; metadata: string; errorCode: number }[]>();
      for (const o of this.store.fetch(groupId)) {
        let list = byTopic.get(o.topic);
        if (!list) byTopic.set(o.topic, (list = []));
        list.push({ partition: o.partition, offset: o.offset, metadata: o.metadata, errorCode: ErrorCode.NONE });
      }
      return { errorCode: ErrorCode.NONE, topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })) };
    }
    const names = params.topics.map((t) => t.name);
    const stored = new Map<string, StoredOffset>();
    for (const o of names.length > 0 ? this.store.fetch(groupId, names) : [])
      stored.set(JSON.stringify([o.topic, o.partition]), o);
    return {
      errorCode: ErrorCode.NONE,
      topics: params.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((partition) => {
          const o = stored.get(JSON.stringify([t.name, partition]));
          return { partition, offset: o?.offset ?? -1, metadata: o?.metadata ?? '', errorCode: ErrorCode.NONE };
        }),
      })),
    };
  }

  /**
   * Removes expired offsets of one group; returns true when the group should go Dead (Empty and
   * no offsets left). Empty consumer group: everything, once it has been Empty for the retention.
   * Simple group (no protocol type): each offset at its commit time + retention. Stable consumer
   * group: offsets of topics nobody subscribes to any more, from their commit time (only when a
   * SubscriptionReader is given). Nothing while rebalancing.
   */
  expire(group: Group): boolean {
    const now = this.clock.now();
    const retention = this.config.offsetsRetentionMs;
    const cutoff = now - retention;
    if (group.is('Empty')) {
      if (group.protocolType) {
        if (now - Math.max(group.stateSince, group.retentionFloor) >= retention) this.store.deleteGroup(group.groupId);
      } else if (cutoff >= group.retentionFloor) {
        this.store.deleteCommittedBefore(group.groupId, cutoff);
      }
      return this.store.fetch(group.groupId).length === 0;
    }
    if (group.is('Stable') && group.protocolType && group.protocolName && this.readSubscription) {
      const subscribed = new Set<string>();
      for (const member of group.members.values()) {
        const topics = this.readSubscription(group.protocolType, member.metadataFor(group.protocolName));
        if (!topics) return false;
        for (const t of topics) subscribed.add(t);
      }
      const expired = this.store
        .fetch(group.groupId)
        .filter((o) => !subscribed.has(o.topic) && o.commitTime <= cutoff && cutoff >= group.retentionFloor);
      if (expired.length > 0) this.store.deletePartitions(group.groupId, expired);
    }
    return false;
  }
}

/** The same error for every partition of a commit. */
export function everyPartition(params: OffsetCommitParams, errorCode: number): OffsetCommitResult {
  return {
    topics: params.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({ partition: p.partition, errorCode })),
    })),
  };
}
