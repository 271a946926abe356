// topicExtras: which members get one partition more than the base of each topic, when every
// member subscribes to the same topics. Checked for validity (each topic's extras on distinct
// members, every member within one extra of every other) and stickiness (owners keep extras),
// and on small groups against an exhaustive search for the most owned partitions kept.
import { describe, expect, it } from 'vitest';
import { topicExtras, type TopicOwnership } from '../../../client-sdk/assignors/topic-quotas.js';
import { seededRandom } from './helpers.js';

const lists = (extras: Set<number>[]) => extras.map((set) => [...set].sort((a, b) => a - b));
const none = (members: number) => new Array<number>(members).fill(0);

/** Each topic gets (partitions mod members) extras, on distinct members; every member within one of the others. */
function expectValidExtras(members: number, topics: readonly TopicOwnership[], extras: Set<number>[]): void {
  expect(extras.map((set) => set.size)).toEqual(topics.map((t) => t.partitions % members));
  for (const set of extras) for (const m of set) expect(m >= 0 && m < members).toBe(true);
  const perMember = Array.from({ length: members }, (_, m) => extras.filter((set) => set.has(m)).length);
  expect(Math.max(...perMember) - Math.min(...perMember)).toBeLessThanOrEqual(1);
}

/** Owned partitions kept: an extra is worth one to a member owning more than the base. */
function kept(members: number, topics: readonly TopicOwnership[], extras: Set<number>[]): number {
  return topics.reduce(
    (sum, t, i) => sum + [...extras[i]!].filter((m) => t.owned[m]! > Math.floor(t.partitions / members)).length,
    0,
  );
}

/** The most any valid choice keeps, by trying them all (small inputs only). */
function bestPossible(members: number, topics: readonly TopicOwnership[]): number {
  const slots = topics.map((t) => t.partitions % members);
  const fewest = Math.floor(slots.reduce((a, b) => a + b, 0) / members);
  const held = none(members);
  let best = -1;
  const pick = (t: number, from: number, left: number, value: number): void => {
    if (t === topics.length) {
      if (held.every((h) => h <= fewest + 1 && h >= fewest)) best = Math.max(best, value);
      return;
    }
    if (left === 0) return pick(t + 1, 0, slots[t + 1] ?? 0, value);
    for (let m = from; m < members; m++) {
      if (held[m]! > fewest) continue;
      held[m]!++;
      pick(t, m + 1, left - 1, value + (topics[t]!.owned[m]! > Math.floor(topics[t]!.partitions / members) ? 1 : 0));
      held[m]!--;
    }
  };
  pick(0, 0, slots[0] ?? 0, 0);
  return best;
}

describe('topicExtras (per-topic quotas for equal subscriptions)', () => {
  it('no members, no topics: nothing to hand out', () => {
    expect(topicExtras(0, [{ partitions: 3, owned: [] }])).toEqual([new Set()]);
    expect(topicExtras(3, [])).toEqual([]);
  });

  it('nothing owned: the extras go round, each member within one of the others', () => {
    const topics = [4, 5, 2].map((partitions) => ({ partitions, owned: none(3) }));
    const extras = topicExtras(3, topics);
    expectValidExtras(3, topics, extras);
    expect(lists(extras)).toEqual([[1], [0, 1], [0, 2]]);
  });

  it('a member owning more than the base of a topic keeps the extra', () => {
    const topics = [
      { partitions: 4, owned: [1, 1, 2] },
      { partitions: 5, owned: [2, 2, 1] },
    ];
    const extras = topicExtras(3, topics);
    expectValidExtras(3, topics, extras);
    expect(lists(extras)).toEqual([[2], [0, 1]]);
  });

  it('a member owning more extras than balance allows gives up only the excess', () => {
    // Three single-partition topics, all owned by member 0, and a new member 1: 0 keeps two.
    const topics = Array.from({ length: 3 }, () => ({ partitions: 1, owned: [1, 0] }));
    const extras = topicExtras(2, topics);
    expectValidExtras(2, topics, extras);
    expect(kept(2, topics, extras)).toBe(2);
  });

  it('on small groups, keeps as many owned partitions as the best possible choice (exhaustive comparison)', () => {
    for (let seed = 1; seed <= 600; seed++) {
      const random = seededRandom(seed);
      const members = 2 + Math.floor(random() * 3);
      const topics = Array.from({ length: 1 + Math.floor(random() * 5) }, () => {
        const partitions = Math.floor(random() * 9);
        const owned = none(members);
        for (let p = 0; p < partitions; p++) if (random() < 0.7) owned[Math.floor(random() * members)]!++;
        return { partitions, owned };
      });
      const extras = topicExtras(members, topics);
      expectValidExtras(members, topics, extras);
      expect(kept(members, topics, extras), `seed ${seed}`).toBe(bestPossible(members, topics));
    }
  });
});
