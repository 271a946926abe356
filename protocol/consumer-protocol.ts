// The consumer protocol: what consumers put in JoinGroup metadata (their subscription) and what
// the leader puts in SyncGroup assignments. The broker carries these bytes without reading them.
// Plain protobuf (no version prefix as in Kafka): new fields are added compatibly.
import { decodeBody, encodeBody } from './envelope.js';
import type { ConsumerAssignment, ConsumerSubscription, TopicPartitions } from './messages.js';

/** The JoinGroup protocol type of consumers. */
export const CONSUMER_PROTOCOL_TYPE = 'consumer';
/** Generation of owned partitions when none is known, as in Kafka. */
export const NO_GENERATION = -1;

export interface SubscriptionInput {
  topics: readonly string[];
  userData?: Uint8Array;
  ownedPartitions?: readonly TopicPartitions[];
  generationId?: number;
  rackId?: string | null;
}

/** A decoded subscription with every field filled (generationId -1 and rackId null when absent). */
export interface DecodedSubscription {
  topics: string[];
  userData: Uint8Array;
  ownedPartitions: TopicPartitions[];
  generationId: number;
  rackId: string | null;
}

export function encodeSubscription(subscription: SubscriptionInput): Uint8Array {
  const message: ConsumerSubscription = {
    topics: [...subscription.topics],
    userData: subscription.userData ?? new Uint8Array(),
    ownedPartitions: (subscription.ownedPartitions ?? []).map((tp) => ({
      topic: tp.topic,
      partitions: [...tp.partitions],
    })),
  };
  if (subscription.generationId !== undefined && subscription.generationId !== NO_GENERATION)
    message.generationId = subscription.generationId;
  if (subscription.rackId != null) message.rackId = subscription.rackId;
  return encodeBody('ConsumerSubscription', message);
}

/** Throws when the bytes are not a subscription, or hold more than `maxElements` topics and partitions (when given). */
export function decodeSubscription(bytes: Uint8Array, maxElements?: number): DecodedSubscription {
  const decoded = decodeBody<ConsumerSubscription>('ConsumerSubscription', bytes, maxElements);
  return {
    topics: decoded.topics,
    userData: decoded.userData,
    ownedPartitions: decoded.ownedPartitions,
    generationId: decoded.generationId ?? NO_GENERATION,
    rackId: decoded.rackId ?? null,
  };
}

export interface AssignmentInput {
  assignedPartitions: readonly TopicPartitions[];
  userData?: Uint8Array;
}

export function encodeAssignment(assignment: AssignmentInput): Uint8Array {
  return encodeBody('ConsumerAssignment', {
    assignedPartitions: assignment.assignedPartitions.map((tp) => ({
      topic: tp.topic,
      partitions: [...tp.partitions],
    })),
    userData: assignment.userData ?? new Uint8Array(),
  } satisfies ConsumerAssignment);
}

/** Throws when the bytes are not an assignment. Empty bytes (no assignment) decode to nothing assigned. */
export function decodeAssignment(bytes: Uint8Array): ConsumerAssignment {
  return decodeBody<ConsumerAssignment>('ConsumerAssignment', bytes);
}

/** Groups topic/partition pairs into the wire's per-topic lists, topics and partitions sorted. */
export function toTopicPartitions(pairs: Iterable<{ topic: string; partition: number }>): TopicPartitions[] {
  const byTopic = new Map<string, number[]>();
  for (const { topic, partition } of pairs) {
    let list = byTopic.get(topic);
    if (!list) byTopic.set(topic, (list = []));
    list.push(partition);
  }
  return [...byTopic.keys()].sort().map((topic) => ({ topic, partitions: byTopic.get(topic)!.sort((a, b) => a - b) }));
}

/** The inverse of toTopicPartitions. */
export function fromTopicPartitions(lists: readonly TopicPartitions[]): { topic: string; partition: number }[] {
  return lists.flatMap((tp) => tp.partitions.map((partition) => ({ topic: tp.topic, partition })));
}
