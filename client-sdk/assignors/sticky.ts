// Sticky assignor ('sticky'): a balanced assignment that keeps as many of the members' owned
// partitions as balance allows, as Kafka's sticky assignors (KIP-54, KIP-341). Our own code:
//   1. validate claims (owned-claims.ts): a member keeps an owned partition only if it still
//      subscribes to the topic and the partition exists; two claims on one partition go to the
//      higher generation, and two claims in the same generation are both dropped (as Kafka does);
//   2. when every member subscribes to the same topics, give each member its quota of every
//      topic (constrained-sticky.ts): counts even per member and per topic, so a busy topic is
//      spread over the group; otherwise even out the counts as far as the subscriptions allow
//      (general-sticky.ts). Either way owned partitions stay where balance lets them.
import { buildAssignment, compareMembers, compareStrings, partitionCounts } from './assignor-input.js';
import { constrainedAssign } from './constrained-sticky.js';
import { generalAssign } from './general-sticky.js';
import { readClaims } from './owned-claims.js';
import type { AssignInput, Assignor, AssignorMember, GroupAssignment } from './types.js';

export function stickyAssign(input: AssignInput): GroupAssignment {
  const counts = partitionCounts(input);
  // One entry per member id (a repeated id would otherwise count twice towards the quotas).
  const members = [...new Map(input.members.map((m) => [m.memberId, m])).values()].sort(compareMembers);
  const subscribers = new Map<string, AssignorMember[]>();
  for (const member of members) {
    for (const topic of new Set(member.topics)) {
      if ((counts.get(topic) ?? 0) <= 0) continue;
      let list = subscribers.get(topic);
      if (!list) subscribers.set(topic, (list = []));
      list.push(member);
    }
  }
  const subscribes = (m: AssignorMember, topic: string) => subscribers.get(topic)?.includes(m) ?? false;

  // 1. Claims, per topic and partition (owned-claims.ts).
  const claims = readClaims(members, counts, subscribes);

  // 2. Equal subscriptions: even per topic too (constrained-sticky.ts); else even counts (general-sticky.ts).
  const topics = [...subscribers.keys()].sort(compareStrings);
  const equal = topics.every((topic) => subscribers.get(topic)!.length === members.length);
  const held = equal
    ? constrainedAssign(
        members,
        topics.map((topic) => ({ topic, partitions: counts.get(topic)! })),
        claims,
      )
    : generalAssign(members, subscribers, counts, claims);
  return buildAssignment(input.members, held);
}

export const sticky: Assignor = { name: 'sticky', supportedProtocols: ['eager'], assign: stickyAssign };
