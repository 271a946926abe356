// The sticky assignment when every member subscribes to the same topics (Kafka's "constrained"
// case): each member gets its quota of every topic (topic-quotas.ts), so the counts are even per
// member and per topic, and a busy topic is spread over the whole group. A member keeps as many
// of its owned partitions of a topic as its quota allows (the lowest-numbered ones when it owns
// more); the partitions left over go, lowest first, to the members still short of their quota,
// in Kafka's member order.
import type { Claims } from './owned-claims.js';
import { topicExtras } from './topic-quotas.js';
import type { AssignorMember } from './types.js';

/** held[member][topic] = partitions, for `members` in Kafka's order and `topics` sorted. */
export function constrainedAssign(members: readonly AssignorMember[], topics: readonly { topic: string; partitions: number }[], claims: Claims): Map<string, Map<string, number[]>> {
  const index = new Map(members.map((m, i) => [m.memberId, i]));
  // owned[topic][member] = the member's validated claims on the topic, ascending.
  const owned = topics.map(({ topic, partitions }) => {
    const perMember = members.map((): number[] => []);
    const perTopic = claims.get(topic);
    for (let p = 0; p < partitions; p++) {
      const owner = perTopic?.[p]?.owner;
      if (owner !== undefined) perMember[index.get(owner)!]!.push(p);
    }
    return perMember;
  });
  const extras = topicExtras(members.length, topics.map(({ partitions }, t) => ({ partitions, owned: owned[t]!.map((list) => list.length) })));

  const held = new Map<string, Map<string, number[]>>(members.map((m) => [m.memberId, new Map()]));
  topics.forEach(({ topic, partitions }, t) => {
    const base = Math.floor(partitions / members.length);
    const quota = (m: number) => base + (extras[t]!.has(m) ? 1 : 0);
    const lists = members.map((_, m) => owned[t]![m]!.slice(0, quota(m)));
    const taken = new Set(lists.flat());
    let next = 0;
    lists.forEach((list, m) => {
      while (list.length < quota(m)) {
        while (taken.has(next)) next++;
        list.push(next++);
      }
      if (list.length > 0) held.get(members[m]!.memberId)!.set(topic, list);
    });
  });
  return held;
}
