// Cooperative sticky assignor ('cooperative-sticky', KIP-429): the sticky assignment, minus every
// partition that would pass straight from the member holding it now to another member. Such a
// partition stays unassigned this generation; its holder sees it missing from its assignment,
// revokes it (committing its progress) and rejoins at once, and the follow-up rebalance, where
// nobody reports it any more, hands it to its new owner. So no partition is ever consumed by two
// members at once, and a join or a leave settles in at most two rebalances.
// Withheld: a partition whose target member is not the standing owner (owned-claims.ts) while
// some other member still reports it, and every contested partition (two claims in one generation).
import { partitionCounts } from './assignor-input.js';
import { claimOf, readClaims } from './owned-claims.js';
import { stickyAssign } from './sticky.js';
import type { AssignInput, Assignor, AssignorMember, GroupAssignment } from './types.js';

function assign(input: AssignInput): GroupAssignment {
  const target = stickyAssign(input);
  const counts = partitionCounts(input);
  const subscribes = (member: AssignorMember, topic: string) =>
    member.topics.includes(topic) && (counts.get(topic) ?? 0) > 0;
  const claims = readClaims(input.members, counts, subscribes);
  const result = Object.create(null) as GroupAssignment;
  for (const memberId of Object.keys(target)) {
    const topics = Object.create(null) as Record<string, number[]>;
    const byTopic = target[memberId]!;
    for (const topic of Object.keys(byTopic)) {
      const kept = byTopic[topic]!.filter((partition) => !mustWait(claimOf(claims, topic, partition), memberId));
      if (kept.length > 0) topics[topic] = kept;
    }
    result[memberId] = topics;
  }
  return result;
}

/** True when handing the partition to `memberId` now would take it from someone still holding it. */
function mustWait(claim: ReturnType<typeof claimOf>, memberId: string): boolean {
  if (!claim) return false;
  if (claim.contested) return true;
  if (claim.owner === memberId) return false;
  for (const claimer of claim.claimers) if (claimer !== memberId) return true;
  return false;
}

export const cooperativeSticky: Assignor = {
  name: 'cooperative-sticky',
  // As Kafka's CooperativeStickyAssignor: cooperative first, eager too, so a member listing it
  // next to an eager-only assignor (the first step of an upgrade) can still use it.
  supportedProtocols: ['cooperative', 'eager'],
  assign,
};
