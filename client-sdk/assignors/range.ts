// Kafka's RangeAssignor: per topic, the subscribed members in Kafka's order each take a contiguous
// range; the first (partitions % members) take one extra.
import { addPartition, buildAssignment, compareMembers, compareStrings, partitionCounts } from './assignor-input.js';
import type { Assignor, AssignInput, AssignorMember, GroupAssignment } from './types.js';

function assign(input: AssignInput): GroupAssignment {
  const counts = partitionCounts(input);
  const subscribers = new Map<string, AssignorMember[]>();
  for (const member of input.members) {
    for (const topic of new Set(member.topics)) {
      let list = subscribers.get(topic);
      if (!list) subscribers.set(topic, (list = []));
      list.push(member);
    }
  }
  const owned = new Map<string, Map<string, number[]>>();
  for (const topic of [...subscribers.keys()].sort(compareStrings)) {
    const partitions = counts.get(topic);
    if (partitions === undefined || partitions <= 0) continue;
    const members = [...subscribers.get(topic)!].sort(compareMembers);
    const base = Math.floor(partitions / members.length);
    const extra = partitions % members.length;
    members.forEach((member, i) => {
      const start = base * i + Math.min(i, extra);
      const length = base + (i < extra ? 1 : 0);
      for (let p = start; p < start + length; p++) addPartition(owned, member.memberId, topic, p);
    });
  }
  return buildAssignment(input.members, owned);
}

export const range: Assignor = { name: 'range', supportedProtocols: ['eager'], assign };
