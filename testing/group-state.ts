// Reads a group as the coordinator sees it, in process: its members and their assignments, and
// its lag (records produced but not yet committed) per partition.
import { CONSUMER_PROTOCOL_TYPE, decodeAssignment, decodeSubscription } from '../protocol/consumer-protocol.js';
import type { BrokerServices } from '../server/broker-services.js';

export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

export interface StableGroupMember {
  memberId: string;
  clientId: string;
  groupInstanceId: string | null;
  /** The partitions the leader assigned it (consumer groups; empty for other protocol types). */
  assignment: TopicPartitions[];
}

export interface StableGroup {
  groupId: string;
  /** The assignor the members chose. */
  protocol: string;
  members: StableGroupMember[];
}

export interface PartitionLag {
  topic: string;
  partition: number;
  logEndOffset: number;
  /** null: the group never committed this partition; its lag counts from the log start. */
  committedOffset: number | null;
  lag: number;
}

export interface GroupLag {
  groupId: string;
  /** The sum over partitions. */
  total: number;
  partitions: PartitionLag[];
}

/** The group when it is Stable and every member of the generation has its assignment, else undefined. */
export function stableGroup(services: BrokerServices, groupId: string, members?: number): StableGroup | undefined {
  const coordinator = services.coordinators.forGroup(groupId);
  const d = coordinator.describeGroup(groupId);
  if (d.state !== 'Stable' || coordinator.pendingSyncCount(groupId) > 0) return undefined;
  if (members !== undefined ? d.members.length !== members : d.members.length === 0) return undefined;
  const consumer = d.protocolType === CONSUMER_PROTOCOL_TYPE;
  return {
    groupId,
    protocol: d.protocol,
    members: d.members.map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      groupInstanceId: m.groupInstanceId,
      assignment: consumer && m.assignment.length > 0 ? readAssignment(m.assignment) : [],
    })),
  };
}

/** `group "g" is PreparingRebalance with 1 member` — for timeout messages. */
export function describeGroup(services: BrokerServices, groupId: string): string {
  const coordinator = services.coordinators.forGroup(groupId);
  const state = coordinator.groupState(groupId);
  if (state === undefined) return `group "${groupId}" does not exist`;
  const count = coordinator.describeGroup(groupId).members.length;
  const unsynced = state === 'Stable' ? coordinator.pendingSyncCount(groupId) : 0;
  return `group "${groupId}" is ${state} with ${count} member${count === 1 ? '' : 's'}${unsynced > 0 ? `, ${unsynced} not yet synced` : ''}`;
}

/**
 * Lag over the topics the group committed offsets for and, when Stable, the topics its
 * consumers subscribe to: per partition, the log end offset minus the committed offset (or
 * minus the log start offset when nothing was committed).
 */
export function groupLag(services: BrokerServices, groupId: string): GroupLag {
  const coordinator = services.coordinators.forGroup(groupId);
  const committed = new Map<string, Map<number, number>>();
  for (const t of coordinator.fetchOffsets({ groupId, topics: null }).topics) {
    committed.set(t.name, new Map(t.partitions.map((p) => [p.partition, p.offset])));
  }
  const topics = new Set(committed.keys());
  for (const topic of subscribedTopics(services, groupId)) topics.add(topic);
  const partitions: PartitionLag[] = [];
  for (const name of [...topics].sort()) {
    const topic = services.topics.get(name);
    if (!topic) continue;
    for (const log of topic.partitions) {
      const committedOffset = committed.get(name)?.get(log.partition) ?? null;
      const lag = Math.max(0, log.logEndOffset - Math.max(committedOffset ?? log.logStartOffset, log.logStartOffset));
      partitions.push({ topic: name, partition: log.partition, logEndOffset: log.logEndOffset, committedOffset, lag });
    }
  }
  return { groupId, total: partitions.reduce((sum, p) => sum + p.lag, 0), partitions };
}

/** `lag 3 (orders/0: end 5, committed 2; orders/1: end 0, committed none)` — for timeout messages. */
export function describeLag(lag: GroupLag): string {
  if (lag.partitions.length === 0) return `group "${lag.groupId}" has no committed offsets and no subscribed topics`;
  const parts = lag.partitions.map(
    (p) => `${p.topic}/${p.partition}: end ${p.logEndOffset}, committed ${p.committedOffset ?? 'none'}`,
  );
  return `lag ${lag.total} (${parts.join('; ')})`;
}

function subscribedTopics(services: BrokerServices, groupId: string): string[] {
  const d = services.coordinators.forGroup(groupId).describeGroup(groupId);
  // Member metadata is only described in Stable (as Kafka).
  if (d.state !== 'Stable' || d.protocolType !== CONSUMER_PROTOCOL_TYPE) return [];
  return d.members.flatMap((m) => {
    try {
      return decodeSubscription(m.metadata).topics;
    } catch {
      return [];
    }
  });
}

function readAssignment(bytes: Uint8Array): TopicPartitions[] {
  try {
    return decodeAssignment(bytes).assignedPartitions.map((tp) => ({
      topic: tp.topic,
      partitions: [...tp.partitions],
    }));
  } catch {
    return [];
  }
}
