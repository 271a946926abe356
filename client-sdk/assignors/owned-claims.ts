// Who owns what, from the partitions members report in their subscriptions. Shared by the sticky
// assignor (claims it keeps) and the cooperative one (claims it must not override in one round).
// Rules (KIP-429 / Kafka's sticky assignors): a claim on a partition that does not exist is
// ignored; the claim from the highest generation wins; two members claiming one partition in the
// same (highest) generation are both invalidated, and the partition counts as contested. A member
// that no longer subscribes to the topic cannot keep the partition, but still counts as holding it.
import type { AssignorMember } from './types.js';

export interface PartitionClaim {
  /** The member whose claim stands; undefined when none is valid or the top claims conflict. */
  owner: string | undefined;
  /** Generation of the standing (or conflicting) claims; -Infinity when none is valid. */
  generation: number;
  /** Two members claimed it in the same, highest generation: neither keeps it. */
  contested: boolean;
  /** Every member that reported the partition, whatever its generation. */
  claimers: Set<string>;
}

/** Claims per topic, indexed by partition (a Map: topic names are data). */
export type Claims = Map<string, (PartitionClaim | undefined)[]>;

/** Reads every member's owned partitions; `counts` tells which partitions exist, `subscribes` who may keep them. */
export function readClaims(
  members: readonly AssignorMember[],
  counts: ReadonlyMap<string, number>,
  subscribes: (member: AssignorMember, topic: string) => boolean,
): Claims {
  const claims: Claims = new Map();
  for (const member of members) {
    const generation = member.generation ?? -1;
    for (const { topic, partition } of member.ownedPartitions ?? []) {
      const count = counts.get(topic) ?? 0;
      if (!Number.isInteger(partition) || partition < 0 || partition >= count) continue;
      let perTopic = claims.get(topic);
      if (!perTopic) claims.set(topic, (perTopic = []));
      const existing = (perTopic[partition] ??= {
        owner: undefined,
        generation: -Infinity,
        contested: false,
        claimers: new Set(),
      });
      existing.claimers.add(member.memberId);
      if (!subscribes(member, topic)) continue;
      if (generation > existing.generation) {
        existing.owner = member.memberId;
        existing.generation = generation;
        existing.contested = false;
      } else if (generation === existing.generation && existing.owner !== member.memberId) {
        existing.owner = undefined;
        existing.contested = true;
      }
    }
  }
  return claims;
}

export function claimOf(claims: Claims, topic: string, partition: number): PartitionClaim | undefined {
  return claims.get(topic)?.[partition];
}
