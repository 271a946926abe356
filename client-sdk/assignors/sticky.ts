// Sticky assignor ('sticky'): a balanced assignment that keeps as many of the members' owned
// partitions as balance allows. Our own algorithm, not Kafka's:
//   1. validate claims (owned-claims.ts): a member keeps an owned partition only if it still
//      subscribes to the topic and the partition exists; two claims on one partition go to the
//      higher generation, and two claims in the same generation are both dropped (as Kafka does);
//   2. hand out the unowned partitions one by one to the least-loaded eligible member, the
//      partitions with the fewest eligible members first;
//   3. rebalance along augmenting paths: while some member holds at least two more partitions
//      than a member it can reach through a chain of "gives a partition of a topic the next one
//      also subscribes to", move one partition along each link. When no such chain is left the
//      counts are as even as the subscriptions allow (max - min <= 1 for equal subscriptions).
// Moves prefer partitions the giver did not own before, so owned partitions stay put.
import { addPartition, buildAssignment, compareMembers, partitionCounts } from './assignor-input.js';
import { readClaims } from './owned-claims.js';
import type { AssignInput, Assignor, AssignorMember, GroupAssignment } from './types.js';

export function stickyAssign(input: AssignInput): GroupAssignment {
  const counts = partitionCounts(input);
  const members = [...input.members].sort(compareMembers);
  const order = new Map(members.map((m, i) => [m.memberId, i]));
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

  // held[member][topic] = partitions; wasOwned marks the validated claims.
  const held = new Map<string, Map<string, number[]>>();
  const load = new Map<string, number>(members.map((m) => [m.memberId, 0]));
  const wasOwned = new Set<string>();
  const give = (memberId: string, topic: string, partition: number) => {
    addPartition(held, memberId, topic, partition);
    load.set(memberId, load.get(memberId)! + 1);
  };
  const unowned: { topic: string; partition: number; eligible: AssignorMember[] }[] = [];
  for (const [topic, eligible] of subscribers) {
    const perTopic = claims.get(topic) ?? [];
    for (let p = 0; p < counts.get(topic)!; p++) {
      const owner = perTopic[p]?.owner;
      if (owner !== undefined) {
        give(owner, topic, p);
        wasOwned.add(key(owner, topic, p));
      } else {
        unowned.push({ topic, partition: p, eligible });
      }
    }
  }

  // 2. Unowned partitions to the least-loaded eligible member (ties: Kafka's member order).
  unowned.sort((a, b) => a.eligible.length - b.eligible.length || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  for (const { topic, partition, eligible } of unowned) {
    let best = eligible[0]!;
    for (const m of eligible) if (load.get(m.memberId)! < load.get(best.memberId)!) best = m;
    give(best.memberId, topic, partition);
  }

  // 3. Even out the counts along augmenting paths.
  for (;;) {
    const sources = [...members].sort((a, b) => load.get(b.memberId)! - load.get(a.memberId)! || order.get(a.memberId)! - order.get(b.memberId)!);
    let moved = false;
    for (const source of sources) {
      const path = findPath(source, load, held, subscribers);
      if (!path) continue;
      for (const link of path) movePartition(link.from, link.to, link.topic, held, load, wasOwned);
      moved = true;
      break;
    }
    if (!moved) break;
  }
  return buildAssignment(input.members, held);

  function findPath(source: AssignorMember, loads: Map<string, number>, holdings: Map<string, Map<string, number[]>>, subs: Map<string, AssignorMember[]>) {
    const limit = loads.get(source.memberId)! - 2;
    if (limit < 0) return undefined;
    const parent = new Map<string, { from: string; topic: string } | null>([[source.memberId, null]]);
    const queue = [source.memberId];
    for (let i = 0; i < queue.length; i++) {
      const from = queue[i]!;
      for (const [topic, partitions] of holdings.get(from) ?? []) {
        if (partitions.length === 0) continue;
        for (const next of subs.get(topic)!) {
          if (parent.has(next.memberId)) continue;
          parent.set(next.memberId, { from, topic });
          if (loads.get(next.memberId)! <= limit) return unwind(next.memberId, parent);
          queue.push(next.memberId);
        }
      }
    }
    return undefined;
  }

  function unwind(target: string, parent: Map<string, { from: string; topic: string } | null>) {
    const links: { from: string; to: string; topic: string }[] = [];
    for (let at = target, link = parent.get(at); link; at = link.from, link = parent.get(at)) {
      links.unshift({ from: link.from, to: at, topic: link.topic });
    }
    return links;
  }
}

function movePartition(from: string, to: string, topic: string, held: Map<string, Map<string, number[]>>, load: Map<string, number>, wasOwned: Set<string>): void {
  const list = held.get(from)!.get(topic)!;
  // Prefer a partition the giver did not own before this rebalance; else its highest one.
  let index = list.length - 1;
  for (let i = list.length - 1; i >= 0; i--) {
    if (!wasOwned.has(key(from, topic, list[i]!))) {
      index = i;
      break;
    }
  }
  const [partition] = list.splice(index, 1);
  load.set(from, load.get(from)! - 1);
  addPartition(held, to, topic, partition!);
  load.set(to, load.get(to)! + 1);
}

function key(memberId: string, topic: string, partition: number): string {
  return JSON.stringify([memberId, topic, partition]);
}

export const sticky: Assignor = { name: 'sticky', supportedProtocols: ['eager'], assign: stickyAssign };
