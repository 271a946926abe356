// How many partitions of each topic each member gets when every member subscribes to the same
// topics (the case Kafka's sticky assignors call "constrained"). Every member gets the base
// ⌊partitions / members⌋ of every topic; the remaining (partitions mod members) of a topic are
// "extras", one each to that many members. A member's extras stay within one of every other
// member's, so the counts are even both per member and per topic.
// Which members get a topic's extras is the sticky part: preferably those that own more than the
// base of that topic already, since anyone else holding the extra makes one of them move.

export interface TopicOwnership {
  partitions: number;
  /** owned[member] = how many of this topic's partitions the member owns (validated claims). */
  owned: readonly number[];
}

/** extras[topic] = the member indexes that get one partition more than the base of that topic. */
export function topicExtras(memberCount: number, topics: readonly TopicOwnership[]): Set<number>[] {
  if (memberCount === 0) return topics.map(() => new Set());
  const base = topics.map((t) => Math.floor(t.partitions / memberCount));
  const slots = topics.map((t) => t.partitions % memberCount);
  const totalExtras = slots.reduce((sum, n) => sum + n, 0);
  const fewest = Math.floor(totalExtras / memberCount);
  const extras = topics.map(() => new Set<number>());
  const held = Array.from({ length: memberCount }, () => new Set<number>());
  const members = [...Array(memberCount).keys()];
  /** Keeping an extra of `topic` spares `member` giving up a partition it owns. */
  const wants = (topic: number, member: number) => topics[topic]!.owned[member]! > base[topic]!;
  const give = (topic: number, member: number) => (extras[topic]!.add(member), held[member]!.add(topic));
  const take = (topic: number, member: number) => (extras[topic]!.delete(member), held[member]!.delete(topic));

  // 1. To the members that own more than the base, those owning most first.
  topics.forEach((topic, t) => {
    const owners = members.filter((m) => wants(t, m)).sort((a, b) => topic.owned[b]! - topic.owned[a]! || a - b);
    for (const m of owners.slice(0, slots[t])) give(t, m);
  });

  // 2. The rest to the members with the fewest extras so far, the topics missing most first
  //    (they need the most distinct members, so they go while the choice is widest).
  const missing = (t: number) => slots[t]! - extras[t]!.size;
  const pending = topics
    .map((_, t) => t)
    .filter((t) => missing(t) > 0)
    .sort((a, b) => missing(b) - missing(a) || a - b);
  for (const t of pending) {
    // Members without this topic's extra, fewest extras first, then by index.
    const takers = members.filter((m) => !extras[t]!.has(m));
    const fewestHeld = Math.min(...takers.map((m) => held[m]!.size));
    const chosen: number[] = [];
    for (let size = fewestHeld; chosen.length < missing(t); size++) {
      for (const m of takers) if (held[m]!.size === size && chosen.length < missing(t)) chosen.push(m);
    }
    for (const m of chosen) give(t, m);
  }

  // 3. Even out: while some member has two extras more than another, pass one extra along the
  //    cheapest chain from it to such a member (each link: one member hands an extra of a topic
  //    to one that has none of it; a link costs one when it takes an extra from a member that
  //    wants it for one that does not). Each chain lowers the spread, so this ends.
  for (;;) {
    const sizes = members.map((m) => held[m]!.size);
    const most = sizes.indexOf(Math.max(...sizes));
    if (sizes[most]! - Math.min(...sizes) <= 1) break;
    const chain = cheapestChain(most);
    if (!chain) break;
    for (const { topic, from, to } of chain) {
      take(topic, from);
      give(topic, to);
    }
  }

  // 4. Trades that keep more owned partitions, as long as one exists: an extra moves from a member
  //    that has no use for it to one that owns more than the base; directly when the giver has
  //    one extra more than the taker, else in exchange for an extra the taker can spare. Each
  //    trade spares one more owned partition, so this ends.
  const wanting = topics.map((_, t) => members.filter((m) => wants(t, m)));
  for (let traded = true; traded;) {
    traded = false;
    for (let t = 0; t < topics.length && !traded; t++) {
      for (const taker of wanting[t]!) {
        if (extras[t]!.has(taker)) continue;
        traded = trade(t, taker);
        if (traded) break;
      }
    }
  }
  return extras;

  /** 0-1 breadth-first search from `from` to the nearest member holding two extras fewer. */
  function cheapestChain(from: number): { topic: number; from: number; to: number }[] | undefined {
    const limit = held[from]!.size - 2;
    if (limit < 0) return undefined;
    const cost = new Array<number>(memberCount).fill(Infinity);
    const link = new Array<{ topic: number; from: number } | undefined>(memberCount);
    const done = new Array<boolean>(memberCount).fill(false);
    cost[from] = 0;
    const queue = [from];
    while (queue.length > 0) {
      const at = queue.shift()!;
      if (done[at]) continue;
      done[at] = true;
      if (held[at]!.size <= limit) {
        const chain = [];
        for (let to = at; to !== from; to = link[to]!.from)
          chain.unshift({ topic: link[to]!.topic, from: link[to]!.from, to });
        return chain;
      }
      for (const t of [...held[at]!].sort((a, b) => a - b)) {
        for (const to of members) {
          if (done[to] || extras[t]!.has(to)) continue;
          const step = wants(t, at) && !wants(t, to) ? 1 : 0;
          if (cost[at]! + step >= cost[to]!) continue;
          cost[to] = cost[at]! + step;
          link[to] = { topic: t, from: at };
          if (step === 0) queue.unshift(to);
          else queue.push(to);
        }
      }
    }
    return undefined;
  }

  function trade(t: number, taker: number): boolean {
    for (const giver of extras[t]!) {
      if (wants(t, giver)) continue;
      if (held[giver]!.size === fewest + 1 && held[taker]!.size === fewest) {
        take(t, giver);
        give(t, taker);
        return true;
      }
      for (const u of held[taker]!) {
        if (held[giver]!.has(u) || (wants(u, taker) && !wants(u, giver))) continue;
        take(t, giver);
        give(t, taker);
        take(u, taker);
        give(u, giver);
        return true;
      }
    }
    return false;
  }
}
