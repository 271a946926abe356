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
export function constrainedAssign(
  members: readonly AssignorMember[],
  topics: readonly { topic: string; partitions: number }[],
  claims: Claims,
): Map<string, Map<string, number[]>> {
  const index = new Map(members.map((m, i) => [m.memberId, i]));
  // owned[topic] = member index -> its validated claims on the topic, ascending.
  const owned = topics.map(({ topic, partitions }) => {
    const byMember = new Map<number, number[]>();
    const perTopic = claims.get(topic);
    for (let p = 0; perTopic && p < partitions; p++) {
      const owner = perTopic[p]?.owner;
      if (owner === undefined) continue;
      const m = index.get(owner)!;
      const list = byMember.get(m);
      if (list) list.push(p);
      else byMember.set(m, [p]);
    }
    return byMember;
  });
  const extras = topicExtras(
    members.length,
    topics.map(({ partitions }, t) => {
      const counts = new Array<number>(members.length).fill(0);
      for (const [m, list] of owned[t]!) counts[m] = list.length;
      return { partitions, owned: counts };
    }),
  );

  const held = new Map<string, Map<string, number[]>>(members.map((m) => [m.memberId, new Map()]));
  topics.forEach(({ topic, partitions }, t) => {
    const base = Math.floor(partitions / members.length);
    const quota = (m: number) => base + (extras[t]!.has(m) ? 1 : 0);
    // Owned partitions first, up to the quota.
    const lists = new Map<number, number[]>();
    const taken = new Set<number>();
    for (const [m, list] of owned[t]!) {
      const kept = list.slice(0, quota(m));
      lists.set(m, kept);
      for (const p of kept) taken.add(p);
    }
    // Then the rest, lowest first, to whoever is short (with a base of 0, only the extras' holders).
    const receivers = base > 0 ? members.map((_, m) => m) : [...extras[t]!].sort((a, b) => a - b);
    let next = 0;
    for (const m of receivers) {
      let list = lists.get(m);
      if (!list) lists.set(m, (list = []));
      while (list.length < quota(m)) {
        while (taken.has(next)) next++;
        list.push(next++);
      }
    }
    for (const [m, list] of lists) if (list.length > 0) held.get(members[m]!.memberId)!.set(topic, list);
  });
  return held;
}
