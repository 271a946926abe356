import { describe, expect, it } from 'vitest';
import { Assignors } from '../../../client-sdk/assignors/index.js';
import { cooperativeSticky } from '../../../client-sdk/assignors/cooperative-sticky.js';
import { stickyAssign } from '../../../client-sdk/assignors/sticky.js';
import type { AssignInput, AssignorMember, GroupAssignment } from '../../../client-sdk/assignors/types.js';
import { expectBalanced, expectValid, owned, pairs, seededRandom, total } from './helpers.js';

const m = (memberId: string, topics: string[], extra: Partial<AssignorMember> = {}): AssignorMember => ({
  memberId,
  topics,
  ...extra,
});
const tp = (topic: string, partition: number) => ({ topic, partition });

/** The cooperative rule: nothing goes to a member while another member still reports it. */
function expectNoDirectTransfer(input: AssignInput, result: GroupAssignment): void {
  for (const to of input.members) {
    const mine = new Set((to.ownedPartitions ?? []).map((p) => `${p.topic}:${p.partition}`));
    for (const pair of pairs(result, to.memberId)) {
      if (mine.has(pair)) continue;
      for (const other of input.members) {
        if (other.memberId === to.memberId) continue;
        const reported = (other.ownedPartitions ?? []).some((p) => `${p.topic}:${p.partition}` === pair);
        expect(reported, `${pair} handed from ${other.memberId} to ${to.memberId} in one generation`).toBe(false);
      }
    }
  }
}

/** Each member as a cooperative consumer would rejoin: owning exactly what it was assigned. */
function advance(input: AssignInput, result: GroupAssignment, generation: number): AssignInput {
  return {
    ...input,
    members: input.members.map((x) => ({ ...x, ownedPartitions: owned(result, x.memberId), generation })),
  };
}

/** Something owned before is missing now: its owner revoked it and rejoins at once. */
function revokedAny(input: AssignInput, result: GroupAssignment): boolean {
  return input.members.some((x) => {
    const now = new Set(pairs(result, x.memberId));
    return (x.ownedPartitions ?? []).some((p) => !now.has(`${p.topic}:${p.partition}`));
  });
}

/**
 * Rebalances until no member revokes anything (a real group stops there), checking the rule in
 * every round; returns the rounds it took and the final assignment, which must be complete.
 */
function settle(
  start: AssignInput,
  generation: number,
  limit = 6,
): { rounds: number; result: GroupAssignment; input: AssignInput } {
  let input = start;
  for (let round = 1; round <= limit; round++) {
    const result = cooperativeSticky.assign(input);
    expectNoDirectTransfer(input, result);
    if (!revokedAny(input, result)) {
      expectValid(input, result);
      return { rounds: round, result, input };
    }
    input = advance(input, result, generation + round);
  }
  throw new Error(`no convergence in ${limit} rounds`);
}

/** Members all owning a converged assignment of `partitions` partitions of `t`. */
function stableGroup(ids: string[], partitions: number, topics = ['t']): AssignInput {
  const counts = Object.fromEntries(topics.map((t) => [t, partitions]));
  const base: AssignInput = { members: ids.map((id) => m(id, topics)), partitionsPerTopic: counts };
  const { result } = settle(base, 0);
  return advance(base, result, 1);
}

describe('cooperative-sticky assignor', () => {
  it("is exported under Kafka's protocol name and supports cooperative and eager, as Kafka's", () => {
    expect(Assignors.cooperativeSticky).toBe(cooperativeSticky);
    expect(cooperativeSticky.name).toBe('cooperative-sticky');
    expect(cooperativeSticky.supportedProtocols).toEqual(['cooperative', 'eager']);
  });

  it('with nothing owned it is the sticky assignment: valid and balanced', () => {
    const input: AssignInput = {
      members: [m('a', ['t1', 't2']), m('b', ['t1']), m('c', ['t2'])],
      partitionsPerTopic: { t1: 5, t2: 4 },
    };
    const result = cooperativeSticky.assign(input);
    expectValid(input, result);
    expectBalanced(input, result);
    expect(result).toEqual(stickyAssign(input));
  });

  it('keeps a balanced group exactly as it is (stickiness)', () => {
    const input = stableGroup(['a', 'b', 'c'], 12);
    const result = cooperativeSticky.assign(input);
    for (const x of input.members) expect(owned(result, x.memberId)).toEqual(x.ownedPartitions);
  });

  it('a fourth member joins: the moved partitions are withheld, then handed out in the second rebalance', () => {
    const three = stableGroup(['a', 'b', 'c'], 12);
    const input: AssignInput = { ...three, members: [...three.members, m('d', ['t'])] };
    const first = cooperativeSticky.assign(input);
    expectNoDirectTransfer(input, first);
    // Each of the three keeps three of its four and gives nothing to d directly.
    for (const id of ['a', 'b', 'c']) {
      expect(total(first, id)).toBe(3);
      const before = new Set(stickyOwned(three, id));
      expect(pairs(first, id).every((p) => before.has(p))).toBe(true);
    }
    expect(total(first, 'd')).toBe(0);
    // The withheld partitions are exactly those the sticky target moves to d.
    const kept = new Set(['a', 'b', 'c'].flatMap((id) => pairs(first, id)));
    const withheld = ['a', 'b', 'c'].flatMap((id) => stickyOwned(three, id)).filter((p) => !kept.has(p));
    expect(pairs(stickyAssign(input), 'd').sort()).toEqual(withheld.sort());

    const second = cooperativeSticky.assign(advance(input, first, 2));
    expectValid(input, second);
    expectBalanced(input, second);
    expect(['a', 'b', 'c', 'd'].map((id) => total(second, id))).toEqual([3, 3, 3, 3]);
    for (const id of ['a', 'b', 'c']) expect(pairs(second, id)).toEqual(pairs(first, id));
  });

  it('a member leaves: its partitions have no other holder and go out in one rebalance', () => {
    const four = stableGroup(['a', 'b', 'c', 'd'], 12);
    const input: AssignInput = { ...four, members: four.members.filter((x) => x.memberId !== 'd') };
    const { rounds, result } = settle(input, 1);
    expect(rounds).toBe(1);
    expectBalanced(input, result);
    for (const x of input.members) {
      const now = new Set(pairs(result, x.memberId));
      expect((x.ownedPartitions ?? []).every((p) => now.has(`${p.topic}:${p.partition}`))).toBe(true);
    }
  });

  it('a stale claim loses to a newer one, and the partition is not handed to the stale claimer', () => {
    const input: AssignInput = {
      members: [
        m('a', ['t'], { ownedPartitions: [tp('t', 0), tp('t', 1)], generation: 5 }),
        m('b', ['t'], { ownedPartitions: [tp('t', 0), tp('t', 2)], generation: 3 }),
      ],
      partitionsPerTopic: { t: 4 },
    };
    const result = cooperativeSticky.assign(input);
    expectNoDirectTransfer(input, result);
    expect(pairs(result, 'a')).toContain('t:0');
    expect(pairs(result, 'b')).not.toContain('t:0');
    // b revokes t:0 and rejoins; everything settles, still balanced.
    const { result: settled, input: last } = settle(advance(input, result, 6), 6);
    expectBalanced(last, settled);
  });

  it('two claims in the same generation: both invalidated, the partition withheld, assigned once nobody reports it', () => {
    const input: AssignInput = {
      members: [
        m('a', ['t'], { ownedPartitions: [tp('t', 0), tp('t', 1)], generation: 4 }),
        m('b', ['t'], { ownedPartitions: [tp('t', 0), tp('t', 2)], generation: 4 }),
        m('c', ['t']),
      ],
      partitionsPerTopic: { t: 6 },
    };
    const result = cooperativeSticky.assign(input);
    expectNoDirectTransfer(input, result);
    for (const id of ['a', 'b', 'c']) expect(pairs(result, id)).not.toContain('t:0');
    const next = cooperativeSticky.assign(advance(input, result, 5));
    expectValid(input, next);
    expect(pairs(next, 'a').concat(pairs(next, 'b'), pairs(next, 'c'))).toContain('t:0');
  });

  it('claims on partitions that no longer exist are ignored', () => {
    const input: AssignInput = {
      members: [m('a', ['t'], { ownedPartitions: [tp('t', 7)], generation: 2 }), m('b', ['t'])],
      partitionsPerTopic: { t: 2 },
    };
    const result = cooperativeSticky.assign(input);
    expectValid(input, result);
    expect([total(result, 'a'), total(result, 'b')]).toEqual([1, 1]);
  });

  it('a member that stops subscribing to a topic it still reports blocks its partitions for one round only', () => {
    const input: AssignInput = {
      members: [m('a', ['u'], { ownedPartitions: [tp('t', 0), tp('t', 1)], generation: 3 }), m('b', ['t', 'u'])],
      partitionsPerTopic: { t: 2, u: 2 },
    };
    const { rounds, result } = settle(input, 3);
    expect(rounds).toBe(2);
    expect(pairs(result, 'b')).toEqual(expect.arrayContaining(['t:0', 't:1']));
  });

  it('topics named __proto__ and constructor are ordinary data', () => {
    const topics = ['__proto__', 'constructor', 'toString'];
    const base: AssignInput = {
      members: [m('a', topics), m('b', topics)],
      partitionsPerTopic: new Map(topics.map((t) => [t, 3])),
    };
    const { result } = settle(base, 0);
    expectValid(base, result);
    expect(Object.getPrototypeOf(result.a)).toBeNull();
    const grown: AssignInput = {
      ...advance(base, result, 1),
      members: [...advance(base, result, 1).members, m('c', topics)],
    };
    const { rounds, result: after } = settle(grown, 1);
    expect(rounds).toBeLessThanOrEqual(2);
    expectBalanced(grown, after);
    expect(total(after, 'c')).toBe(3);
  });

  it('seeded random groups: no direct transfer, and a join or a leave settles in at most two rebalances', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const random = seededRandom(seed);
      const topicCount = 1 + Math.floor(random() * 3);
      const topics = Array.from({ length: topicCount }, (_, i) => `t${i}`);
      const counts = Object.fromEntries(topics.map((t) => [t, 1 + Math.floor(random() * 12)]));
      const size = 2 + Math.floor(random() * 6);
      const ids = Array.from({ length: size }, (_, i) => `m${String(i).padStart(2, '0')}`);
      let input: AssignInput = { members: ids.map((id) => m(id, topics)), partitionsPerTopic: counts };
      input = advance(input, settle(input, 0).result, 1);
      const change = random();
      if (change < 0.5) input = { ...input, members: [...input.members, m(`new-${seed}`, topics)] };
      else
        input = {
          ...input,
          members: input.members.filter((x) => x.memberId !== ids[Math.floor(random() * ids.length)]),
        };
      const { rounds, result, input: last } = settle(input, 1);
      expect(rounds, `seed ${seed}`).toBeLessThanOrEqual(2);
      expectBalanced(last, result);
    }
  });

  it('seeded random mixed subscriptions and stale or double claims: never a direct transfer, always settles', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const random = seededRandom(1000 + seed);
      const topics = ['a', 'b', 'c'];
      const counts = Object.fromEntries(topics.map((t) => [t, 1 + Math.floor(random() * 8)]));
      const members = Array.from({ length: 2 + Math.floor(random() * 5) }, (_, i) => {
        const subscribed = topics.filter(() => random() < 0.6);
        const claims = topics
          .flatMap((t) => Array.from({ length: counts[t]! }, (_, p) => tp(t, p)))
          .filter(() => random() < 0.25);
        return m(`m${i}`, subscribed.length > 0 ? subscribed : ['a'], {
          ownedPartitions: claims,
          generation: Math.floor(random() * 3),
        });
      });
      const input: AssignInput = { members, partitionsPerTopic: counts };
      const { result, input: last } = settle(input, 3, 8);
      expectBalanced(last, result);
    }
  });
});

/** What `id` owns in a stable group built by stableGroup(). */
function stickyOwned(group: AssignInput, id: string): string[] {
  const member = group.members.find((x) => x.memberId === id)!;
  return (member.ownedPartitions ?? []).map((p) => `${p.topic}:${p.partition}`);
}
