// The sticky assignment when members subscribe to different topics (Kafka's "general" case):
//   1. every member keeps its validated claims (owned-claims.ts);
//   2. the unowned partitions go one by one to the least-loaded eligible member (ties: the one
//      holding fewest of that topic, then Kafka's member order), the partitions with the fewest
//      eligible members first;
//   3. rebalance along augmenting paths: while some member holds at least two more partitions
//      than a member it can reach through a chain of "gives a partition of a topic the next one
//      also subscribes to", move one partition along each link. When no such chain is left the
//      counts are as even as the subscriptions allow. A giver hands over first the topic it holds
//      most of, and a partition it did not own before, so topics spread and owned partitions stay.
import { addPartition } from './assignor-input.js';
import type { Claims } from './owned-claims.js';
import type { AssignorMember } from './types.js';

/** held[member][topic] = partitions; `members` in Kafka's order, `subscribers` per existing topic in that order. */
export function generalAssign(
  members: readonly AssignorMember[],
  subscribers: Map<string, AssignorMember[]>,
  counts: ReadonlyMap<string, number>,
  claims: Claims,
): Map<string, Map<string, number[]>> {
  const order = new Map(members.map((m, i) => [m.memberId, i]));
  // 1. Claims kept; wasOwned marks them.
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

  // 2. Unowned partitions to the least-loaded eligible member.
  unowned.sort(
    (a, b) =>
      a.eligible.length - b.eligible.length ||
      (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition),
  );
  const ofTopic = (memberId: string, topic: string) => held.get(memberId)?.get(topic)?.length ?? 0;
  for (const { topic, partition, eligible } of unowned) {
    let best = eligible[0]!;
    for (const m of eligible) {
      const fewer =
        load.get(m.memberId)! - load.get(best.memberId)! || ofTopic(m.memberId, topic) - ofTopic(best.memberId, topic);
      if (fewer < 0) best = m;
    }
    give(best.memberId, topic, partition);
  }

  // 3. Even out the counts along augmenting paths.
  for (;;) {
    const sources = [...members].sort(
      (a, b) => load.get(b.memberId)! - load.get(a.memberId)! || order.get(a.memberId)! - order.get(b.memberId)!,
    );
    const lightest = Math.min(...load.values());
    let moved = false;
    for (const source of sources) {
      // Sources come heaviest first: once none is two above the lightest member, no chain can help.
      if (load.get(source.memberId)! - 2 < lightest) break;
      const path = findPath(source, load, held, subscribers);
      if (!path) continue;
      for (const link of path) movePartition(link.from, link.to, link.topic, held, load, wasOwned);
      moved = true;
      break;
    }
    if (!moved) break;
  }
  return held;

  function findPath(
    source: AssignorMember,
    loads: Map<string, number>,
    holdings: Map<string, Map<string, number[]>>,
    subs: Map<string, AssignorMember[]>,
  ) {
    const limit = loads.get(source.memberId)! - 2;
    if (limit < 0) return undefined;
    const parent = new Map<string, { from: string; topic: string } | null>([[source.memberId, null]]);
    const queue = [source.memberId];
    for (let i = 0; i < queue.length; i++) {
      const from = queue[i]!;
      const topics = [...(holdings.get(from) ?? [])]
        .filter(([, partitions]) => partitions.length > 0)
        .sort(([, a], [, b]) => b.length - a.length);
      for (const [topic] of topics) {
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

function movePartition(
  from: string,
  to: string,
  topic: string,
  held: Map<string, Map<string, number[]>>,
  load: Map<string, number>,
  wasOwned: Set<string>,
): void {
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
