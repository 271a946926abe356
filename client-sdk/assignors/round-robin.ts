// Kafka's RoundRobinAssignor: all partitions of all subscribed topics (topics sorted, partitions
// ascending) dealt in turn to the members in Kafka's order, skipping members not subscribed to
// the partition's topic.
import { addPartition, buildAssignment, compareMembers, compareStrings, partitionCounts } from './assignor-input.js';
import type { Assignor, AssignInput, GroupAssignment } from './types.js';

function assign(input: AssignInput): GroupAssignment {
  const counts = partitionCounts(input);
  const members = [...input.members].sort(compareMembers);
  const subscriptions = members.map((m) => new Set(m.topics));
  const topics = [...new Set(members.flatMap((m) => m.topics))].sort(compareStrings);
  const owned = new Map<string, Map<string, number[]>>();
  let next = 0;
  for (const topic of topics) {
    const partitions = counts.get(topic) ?? 0;
    for (let p = 0; p < partitions; p++) {
      // Someone subscribes to the topic (it came from a subscription), so this ends.
      while (!subscriptions[next % members.length]!.has(topic)) next++;
      addPartition(owned, members[next % members.length]!.memberId, topic, p);
      next++;
    }
  }
  return buildAssignment(input.members, owned);
}

export const roundRobin: Assignor = { name: 'roundrobin', supportedProtocols: ['eager'], assign };
