// Helpers shared by the assignors: reading the input safely (topic names are data, so no plain
// object lookups) and building the result.
import type { AssignInput, AssignorMember, GroupAssignment } from './types.js';

/** Partition counts as a Map, whatever form the input used. */
export function partitionCounts(input: AssignInput): Map<string, number> {
  const source = input.partitionsPerTopic;
  if (source instanceof Map) return new Map<string, number>(source);
  const counts = new Map<string, number>();
  for (const topic of Object.keys(source)) counts.set(topic, (source as Record<string, number>)[topic]!);
  return counts;
}

/** Kafka's member order: static members by instance id first, then dynamic members by member id. */
export function compareMembers(a: AssignorMember, b: AssignorMember): number {
  const aStatic = a.groupInstanceId != null;
  const bStatic = b.groupInstanceId != null;
  if (aStatic && bStatic) return compareStrings(a.groupInstanceId!, b.groupInstanceId!);
  if (aStatic) return -1;
  if (bStatic) return 1;
  return compareStrings(a.memberId, b.memberId);
}

/** Java's String.compareTo order (UTF-16 code units), which JavaScript's < also follows. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds the result: every member present, topics in sorted order, partitions ascending, no prototype. */
export function buildAssignment(
  members: readonly AssignorMember[],
  owned: Map<string, Map<string, number[]>>,
): GroupAssignment {
  const result = Object.create(null) as GroupAssignment;
  for (const member of members) {
    const topics = Object.create(null) as Record<string, number[]>;
    const byTopic = owned.get(member.memberId);
    if (byTopic) {
      for (const topic of [...byTopic.keys()].sort(compareStrings)) {
        const partitions = byTopic.get(topic)!;
        if (partitions.length > 0) topics[topic] = [...partitions].sort((x, y) => x - y);
      }
    }
    result[member.memberId] = topics;
  }
  return result;
}

/** Adds one partition to a member's per-topic lists. */
export function addPartition(
  owned: Map<string, Map<string, number[]>>,
  memberId: string,
  topic: string,
  partition: number,
): void {
  let byTopic = owned.get(memberId);
  if (!byTopic) owned.set(memberId, (byTopic = new Map<string, number[]>()));
  let list = byTopic.get(topic);
  if (!list) byTopic.set(topic, (list = []));
  list.push(partition);
}
