// The consumer protocol: what consumers put in JoinGroup metadata (their subscription) and what
// the leader puts in SyncGroup assignments. Kafka's own encoding (an int16 version, then the
// fields of that version; codecs generated from Kafka's definitions), so a group may mix our
// SDK's members with KafkaJS, librdkafka or Java members. As Kafka does, a version newer than
// ours is read with our newest layout (new versions only append fields).
import { TooManyElementsError } from './element-count.js';
import {
  decodeMessage,
  encodeMessage,
  KafkaDecodeError,
  KafkaReader,
  KafkaTooManyElementsError,
  KafkaWriter,
} from './kafka/codec.js';
import {
  consumerProtocolAssignment,
  consumerProtocolSubscription,
  type ConsumerProtocolAssignment,
  type ConsumerProtocolSubscription,
} from './kafka/generated/consumer-protocol.js';
import type { MessageSpec } from './kafka/schema.js';
import type { ConsumerAssignment, TopicPartitions } from './messages.js';

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

/** The version we write: the newest, holding every field. */
const CURRENT_VERSION = 3;

function encodeVersioned(spec: MessageSpec, value: object): Uint8Array {
  const w = new KafkaWriter();
  w.int16(CURRENT_VERSION);
  encodeMessage(spec, CURRENT_VERSION, value, w);
  return Buffer.concat(w.finish());
}

function decodeVersioned<T>(spec: MessageSpec, bytes: Uint8Array, maxElements?: number): T {
  const reader = new KafkaReader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), maxElements);
  const version = reader.int16();
  if (version < 0) throw new KafkaDecodeError(`consumer protocol version ${version} is invalid`);
  return decodeMessage<T>(spec, Math.min(version, CURRENT_VERSION), reader);
}

export function encodeSubscription(subscription: SubscriptionInput): Uint8Array {
  return encodeVersioned(consumerProtocolSubscription, {
    topics: [...subscription.topics],
    userData: subscription.userData ? Buffer.from(subscription.userData) : null,
    ownedPartitions: (subscription.ownedPartitions ?? []).map((tp) => ({
      topic: tp.topic,
      partitions: [...tp.partitions],
    })),
    generationId: subscription.generationId ?? NO_GENERATION,
    rackId: subscription.rackId ?? null,
  } satisfies ConsumerProtocolSubscription);
}

/**
 * Throws when the bytes are not a subscription, or hold more than `maxElements` topics and
 * partitions (when given). Empty bytes read as an empty subscription.
 */
export function decodeSubscription(bytes: Uint8Array, maxElements?: number): DecodedSubscription {
  if (bytes.length === 0)
    return { topics: [], userData: new Uint8Array(), ownedPartitions: [], generationId: NO_GENERATION, rackId: null };
  let decoded: ConsumerProtocolSubscription;
  try {
    decoded = decodeVersioned<ConsumerProtocolSubscription>(consumerProtocolSubscription, bytes, maxElements);
  } catch (err) {
    if (err instanceof KafkaTooManyElementsError) throw new TooManyElementsError('ConsumerSubscription', err.limit);
    throw err;
  }
  return {
    topics: decoded.topics,
    userData: decoded.userData ?? new Uint8Array(),
    ownedPartitions: decoded.ownedPartitions,
    generationId: decoded.generationId,
    rackId: decoded.rackId,
  };
}

export interface AssignmentInput {
  assignedPartitions: readonly TopicPartitions[];
  userData?: Uint8Array;
}

export function encodeAssignment(assignment: AssignmentInput): Uint8Array {
  return encodeVersioned(consumerProtocolAssignment, {
    assignedPartitions: assignment.assignedPartitions.map((tp) => ({
      topic: tp.topic,
      partitions: [...tp.partitions],
    })),
    userData: assignment.userData ? Buffer.from(assignment.userData) : null,
  } satisfies ConsumerProtocolAssignment);
}

/** Throws when the bytes are not an assignment. Empty bytes (no assignment) decode to nothing assigned. */
export function decodeAssignment(bytes: Uint8Array): ConsumerAssignment {
  if (bytes.length === 0) return { assignedPartitions: [], userData: new Uint8Array() };
  const decoded = decodeVersioned<ConsumerProtocolAssignment>(consumerProtocolAssignment, bytes);
  return { assignedPartitions: decoded.assignedPartitions, userData: decoded.userData ?? new Uint8Array() };
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
