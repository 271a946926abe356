// Shared test helpers for the assignors: a seeded PRNG and Kafka-style validity/balance checks.
import { expect } from 'vitest';
import type { AssignInput, GroupAssignment } from '../../../client-sdk/assignors/types.js';

/** mulberry32: small, seeded, deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function counts(input: AssignInput): Map<string, number> {
  const p = input.partitionsPerTopic;
  return p instanceof Map ? new Map(p) : new Map(Object.keys(p).map((k) => [k, (p as Record<string, number>)[k]!]));
}

export function total(assignment: GroupAssignment, memberId: string): number {
  const topics = assignment[memberId]!;
  return Object.keys(topics).reduce((n, t) => n + topics[t]!.length, 0);
}

export function pairs(assignment: GroupAssignment, memberId: string): string[] {
  const topics = assignment[memberId]!;
  return Object.keys(topics).flatMap((t) => topics[t]!.map((p) => `${t}:${p}`));
}

/** Every member present; every partition of a subscribed topic assigned exactly once, to a subscriber. */
export function expectValid(input: AssignInput, assignment: GroupAssignment): void {
  const partitionCounts = counts(input);
  expect(Object.keys(assignment).sort()).toEqual(input.members.map((m) => m.memberId).sort());
  // Problems are collected and checked once: an expect() per partition is slow.
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const member of input.members) {
    const topics = assignment[member.memberId]!;
    for (const topic of Object.keys(topics)) {
      if (!member.topics.includes(topic)) problems.push(`${member.memberId} got unsubscribed ${topic}`);
      for (const p of topics[topic]!) {
        if (!(p < partitionCounts.get(topic)!)) problems.push(`${topic}:${p} does not exist`);
        const key = `${topic}:${p}`;
        if (seen.has(key)) problems.push(`${key} assigned twice`);
        seen.set(key, member.memberId);
      }
    }
  }
  const subscribed = new Set(input.members.flatMap((m) => m.topics));
  for (const [topic, n] of partitionCounts) {
    if (!subscribed.has(topic)) continue;
    for (let p = 0; p < n; p++) if (!seen.has(`${topic}:${p}`)) problems.push(`${topic}:${p} unassigned`);
  }
  expect(problems).toEqual([]);
}

/** Kafka's balance rule: a member with 2+ more partitions than another holds nothing the other could take. */
export function expectBalanced(input: AssignInput, assignment: GroupAssignment): void {
  for (const a of input.members) {
    for (const b of input.members) {
      if (total(assignment, a.memberId) <= total(assignment, b.memberId) + 1) continue;
      for (const topic of Object.keys(assignment[a.memberId]!)) {
        expect(b.topics.includes(topic), `${b.memberId} could take a ${topic} partition from ${a.memberId}`).toBe(
          false,
        );
      }
    }
  }
}

/** Feeds an assignment back as owned partitions. */
export function owned(assignment: GroupAssignment, memberId: string): { topic: string; partition: number }[] {
  const topics = assignment[memberId] ?? {};
  return Object.keys(topics).flatMap((topic) => topics[topic]!.map((partition) => ({ topic, partition })));
}

/** How many partitions of `topic` a member holds. */
export function ofTopic(assignment: GroupAssignment, memberId: string, topic: string): number {
  return assignment[memberId]![topic]?.length ?? 0;
}

const spread = (values: Iterable<number>) => {
  const list = [...values];
  return Math.max(...list) - Math.min(...list);
};

/** Counts per member within one of each other, and per topic too (what equal subscriptions allow). */
export function isEven(input: AssignInput, assignment: GroupAssignment): boolean {
  const ids = input.members.map((m) => m.memberId);
  if (ids.length === 0) return true;
  if (spread(ids.map((id) => total(assignment, id))) > 1) return false;
  return [...counts(input).keys()].every((topic) => spread(ids.map((id) => ofTopic(assignment, id, topic))) <= 1);
}

export function expectEven(input: AssignInput, assignment: GroupAssignment): void {
  expect(isEven(input, assignment), `uneven: ${JSON.stringify(assignment)}`).toBe(true);
}

interface Move {
  pair: string;
  topic: string;
  from: string;
  to: string;
}

/**
 * Stickiness for equal subscriptions (claims without conflicts), on an even assignment: no
 * member gives up an owned partition of a topic while getting another of it, and no owned
 * partition moved that could have stayed — putting back one moved partition, or two that two
 * members swapped, would leave the assignment even.
 */
export function expectSticky(input: AssignInput, assignment: GroupAssignment): void {
  const partitionCounts = counts(input);
  const ownerNow = new Map<string, string>();
  for (const member of input.members)
    for (const pair of pairs(assignment, member.memberId)) ownerNow.set(pair, member.memberId);
  const moved: Move[] = [];
  const problems: string[] = [];
  for (const member of input.members) {
    const claims = (member.ownedPartitions ?? []).filter(
      (p) => member.topics.includes(p.topic) && p.partition < (partitionCounts.get(p.topic) ?? 0),
    );
    for (const topic of new Set(claims.map((p) => p.topic))) {
      const mine = claims.filter((p) => p.topic === topic).map((p) => `${p.topic}:${p.partition}`);
      const kept = mine.filter((pair) => ownerNow.get(pair) === member.memberId).length;
      if (kept !== Math.min(mine.length, ofTopic(assignment, member.memberId, topic)))
        problems.push(`${member.memberId} kept too few of ${topic}`);
      for (const pair of mine) {
        const to = ownerNow.get(pair)!;
        if (to !== member.memberId) moved.push({ pair, topic, from: member.memberId, to });
      }
    }
  }
  const ids = input.members.map((m) => m.memberId);
  const totals = new Map(ids.map((id) => [id, total(assignment, id)]));
  /** Whether the assignment would still be even with `moves` undone (only their topics change). */
  const evenWithout = (moves: Move[]) => {
    const after = new Map(totals);
    const perTopic = new Map<string, Map<string, number>>();
    for (const { topic, from, to } of moves) {
      let ofThis = perTopic.get(topic);
      if (!ofThis) perTopic.set(topic, (ofThis = new Map(ids.map((id) => [id, ofTopic(assignment, id, topic)]))));
      after.set(from, after.get(from)! + 1).set(to, after.get(to)! - 1);
      ofThis.set(from, ofThis.get(from)! + 1).set(to, ofThis.get(to)! - 1);
    }
    return spread(after.values()) <= 1 && [...perTopic.values()].every((ofThis) => spread(ofThis.values()) <= 1);
  };
  for (const move of moved)
    if (evenWithout([move])) problems.push(`${move.pair} moved ${move.from} -> ${move.to} needlessly`);
  for (const a of moved) {
    for (const b of moved) {
      if (a.from === b.to && a.to === b.from && a.pair < b.pair && evenWithout([a, b]))
        problems.push(`${a.pair} and ${b.pair} swapped needlessly`);
    }
  }
  expect(problems).toEqual([]);
}
