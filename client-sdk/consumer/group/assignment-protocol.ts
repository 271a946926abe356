// The consumer protocol around the assignors: what a member puts in JoinGroup (its subscription,
// per assignor), what the leader does with every member's subscription, and how a member reads
// its assignment. Pure functions over protocol/consumer-protocol.ts.
import {
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
  fromTopicPartitions,
  toTopicPartitions,
} from '../../../protocol/consumer-protocol.js';
import { ErrorCode } from '../../../protocol/errors.js';
import type { JoinGroupMember, JoinGroupProtocol, SyncGroupAssignment } from '../../../protocol/messages.js';
import type { Assignor, AssignorMember, RebalanceProtocol, TopicPartition } from '../../assignors/types.js';
import { MinibrokerProtocolError } from '../../errors.js';

export interface MemberSubscription {
  topics: readonly string[];
  /** What the member holds now; reported for sticky and cooperative assignors. */
  ownedPartitions: readonly TopicPartition[];
  /** The generation `ownedPartitions` come from (-1 when none). */
  generationId: number;
}

/** JoinGroup protocols in order of preference: one entry per assignor, the same subscription in each. */
export function joinProtocols(assignors: readonly Assignor[], subscription: MemberSubscription): JoinGroupProtocol[] {
  const metadata = encodeSubscription({
    topics: subscription.topics,
    ownedPartitions: toTopicPartitions(subscription.ownedPartitions),
    generationId: subscription.generationId,
  });
  return assignors.map((assignor) => ({ name: assignor.name, metadata }));
}

/** Cooperative only when every configured assignor supports it, as Kafka decides (KIP-429). */
export function rebalanceProtocol(assignors: readonly Assignor[]): RebalanceProtocol {
  return assignors.every((a) => (a.supportedProtocols ?? ['eager']).includes('cooperative')) ? 'cooperative' : 'eager';
}

/**
 * The protocol this member follows in a generation: cooperative only when it supports it (every
 * configured assignor does) and the assignor the group chose does too. A member that also lists
 * an eager-only assignor stays eager, which is what makes Kafka's two-step upgrade safe.
 */
export function generationProtocol(assignors: readonly Assignor[], chosen: string): RebalanceProtocol {
  if (rebalanceProtocol(assignors) === 'eager') return 'eager';
  const assignor = assignors.find((a) => a.name === chosen);
  return assignor && (assignor.supportedProtocols ?? ['eager']).includes('cooperative') ? 'cooperative' : 'eager';
}

/** Every member's subscription as the assignors take it. A member whose bytes do not decode subscribes to nothing. */
export function decodeMembers(members: readonly JoinGroupMember[]): AssignorMember[] {
  return members.map((member) => {
    let topics: string[] = [];
    let ownedPartitions: TopicPartition[] = [];
    let generation = -1;
    try {
      const subscription = decodeSubscription(member.metadata);
      topics = subscription.topics;
      ownedPartitions = fromTopicPartitions(subscription.ownedPartitions);
      generation = subscription.generationId;
    } catch {
      // Left with nothing: the other members still get a valid assignment.
    }
    return {
      memberId: member.memberId,
      groupInstanceId: member.groupInstanceId ?? null,
      topics,
      ownedPartitions,
      generation,
    };
  });
}

/** The topics any member subscribes to, sorted. */
export function groupTopics(members: readonly AssignorMember[]): string[] {
  return [...new Set(members.flatMap((m) => m.topics))].sort();
}

/** Runs the assignor the coordinator selected and encodes one assignment per member. */
export function leaderAssign(
  assignors: readonly Assignor[],
  protocolName: string,
  members: readonly AssignorMember[],
  partitionsPerTopic: ReadonlyMap<string, number>,
): SyncGroupAssignment[] {
  const assignor = assignors.find((a) => a.name === protocolName);
  if (!assignor)
    throw new MinibrokerProtocolError(
      ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
      `the group selected protocol "${protocolName}", which this consumer does not have`,
    );
  const result = assignor.assign({ members, partitionsPerTopic });
  return members.map(({ memberId }) => {
    const byTopic = result[memberId] ?? {};
    const assignedPartitions = Object.keys(byTopic).map((topic) => ({ topic, partitions: byTopic[topic]! }));
    return { memberId, assignment: encodeAssignment({ assignedPartitions }) };
  });
}

/** A member's own partitions from its SyncGroup bytes (empty bytes: nothing assigned). */
export function readAssignment(bytes: Uint8Array): TopicPartition[] {
  if (bytes.length === 0) return [];
  return fromTopicPartitions(decodeAssignment(bytes).assignedPartitions);
}

/** The partitions of topics the member subscribes to (a confused leader may assign others). */
export function subscribedOnly(assignment: readonly TopicPartition[], topics: readonly string[]): TopicPartition[] {
  const subscribed = new Set(topics);
  return assignment.filter((tp) => subscribed.has(tp.topic));
}

export function partitionKey(tp: TopicPartition): string {
  return `${tp.partition}:${tp.topic}`;
}

export interface AssignmentDelta {
  /** Owned and no longer assigned: to revoke (cooperative) before rejoining. */
  revoked: TopicPartition[];
  /** Assigned and not owned before. */
  added: TopicPartition[];
  kept: TopicPartition[];
}

/** The difference between what a member owns and its new assignment. */
export function diffAssignment(owned: readonly TopicPartition[], assigned: readonly TopicPartition[]): AssignmentDelta {
  const before = new Set(owned.map(partitionKey));
  const after = new Set(assigned.map(partitionKey));
  return {
    revoked: owned.filter((tp) => !after.has(partitionKey(tp))),
    added: assigned.filter((tp) => !before.has(partitionKey(tp))),
    kept: assigned.filter((tp) => before.has(partitionKey(tp))),
  };
}

/** `{ topic: partitions }` (no prototype: topic names are data), as KafkaJS's memberAssignment. */
export function byTopic(partitions: readonly TopicPartition[]): Record<string, number[]> {
  const out = Object.create(null) as Record<string, number[]>;
  for (const { topic, partition } of partitions) (out[topic] ??= []).push(partition);
  for (const topic of Object.keys(out)) out[topic]!.sort((a, b) => a - b);
  return out;
}
