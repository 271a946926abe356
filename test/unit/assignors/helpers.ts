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
  const seen = new Map<string, string>();
  for (const member of input.members) {
    const topics = assignment[member.memberId]!;
    for (const topic of Object.keys(topics)) {
      expect(member.topics, `${member.memberId} got unsubscribed ${topic}`).toContain(topic);
      for (const p of topics[topic]!) {
        expect(p).toBeLessThan(partitionCounts.get(topic)!);
        const key = `${topic}:${p}`;
        expect(seen.has(key), `${key} assigned twice`).toBe(false);
        seen.set(key, member.memberId);
      }
    }
  }
  const subscribed = new Set(input.members.flatMap((m) => m.topics));
  for (const [topic, n] of partitionCounts) {
    if (!subscribed.has(topic)) continue;
    for (let p = 0; p < n; p++) expect(seen.has(`${topic}:${p}`), `${topic}:${p} unassigned`).toBe(true);
  }
}

/** Kafka's balance rule: a member with 2+ more partitions than another holds nothing the other could take. */
export function expectBalanced(input: AssignInput, assignment: GroupAssignment): void {
  for (const a of input.members) {
    for (const b of input.members) {
      if (total(assignment, a.memberId) <= total(assignment, b.memberId) + 1) continue;
      for (const topic of Object.keys(assignment[a.memberId]!)) {
        expect(b.topics.includes(topic), `${b.memberId} could take a ${topic} partition from ${a.memberId}`).toBe(false);
      }
    }
  }
}

/** Feeds an assignment back as owned partitions. */
export function owned(assignment: GroupAssignment, memberId: string): { topic: string; partition: number }[] {
  const topics = assignment[memberId] ?? {};
  return Object.keys(topics).flatMap((topic) => topics[topic]!.map((partition) => ({ topic, partition })));
}
