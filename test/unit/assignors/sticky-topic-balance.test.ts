// Per-topic balance of the sticky assignors, in the shapes of Kafka's AbstractStickyAssignorTest
// (topic balance after reassignment, joins, leaves, unequal subscriptions) and a seeded
// property check. With equal subscriptions every member holds within one of every other member
// of each topic, so a busy topic is spread over the group; owned partitions stay where that allows.
import { describe, expect, it } from 'vitest';
import { cooperativeSticky } from '../../../client-sdk/assignors/cooperative-sticky.js';
import { sticky } from '../../../client-sdk/assignors/sticky.js';
import type { AssignInput, AssignorMember, GroupAssignment } from '../../../client-sdk/assignors/types.js';
import {
  expectBalanced,
  expectEven,
  expectSticky,
  expectValid,
  ofTopic,
  owned,
  pairs,
  seededRandom,
  total,
} from './helpers.js';

const m = (memberId: string, topics: string[], extra: Partial<AssignorMember> = {}): AssignorMember => ({
  memberId,
  topics,
  ...extra,
});

/** The next round: the members minus `leaving`, each owning what it got, plus `joining`. */
function next(
  input: AssignInput,
  previous: GroupAssignment,
  generation: number,
  leaving: string[] = [],
  joining: AssignorMember[] = [],
): AssignInput {
  const members = input.members
    .filter((x) => !leaving.includes(x.memberId))
    .map((x) => ({ ...x, ownedPartitions: owned(previous, x.memberId), generation }));
  return { ...input, members: [...members, ...joining] };
}

/** Sticky, checked: valid, even per member and per topic, sticky. */
function run(input: AssignInput): GroupAssignment {
  const result = sticky.assign(input);
  expectValid(input, result);
  expectEven(input, result);
  expectSticky(input, result);
  return result;
}

/**
 * Cooperative rounds until nobody revokes anything, as a real group rejoins: in no round does a
 * partition go to a member while another member still reports it. Returns the settled result.
 */
function settleCooperative(
  start: AssignInput,
  generation: number,
): { rounds: number; result: GroupAssignment; input: AssignInput } {
  let input = start;
  for (let round = 1; round <= 4; round++) {
    const result = cooperativeSticky.assign(input);
    const reportedBy = new Map<string, string[]>();
    for (const x of input.members) {
      for (const p of x.ownedPartitions ?? []) {
        const pair = `${p.topic}:${p.partition}`;
        reportedBy.set(pair, [...(reportedBy.get(pair) ?? []), x.memberId]);
      }
    }
    let revoked = false;
    for (const x of input.members) {
      const now = new Set(pairs(result, x.memberId));
      for (const pair of now) {
        const others = (reportedBy.get(pair) ?? []).filter((id) => id !== x.memberId);
        if (!(reportedBy.get(pair) ?? []).includes(x.memberId))
          expect(others, `${pair} handed from ${others} to ${x.memberId} in one round`).toEqual([]);
      }
      revoked ||= (x.ownedPartitions ?? []).some((p) => !now.has(`${p.topic}:${p.partition}`));
    }
    if (!revoked) return { rounds: round, result, input };
    input = next(input, result, generation + round);
  }
  throw new Error('no convergence in 4 rounds');
}

const BOTH = ['topic1', 'topic2'];
const TWELVE_EACH = { topic1: 12, topic2: 12 };

describe('sticky assignors keep each topic balanced (Kafka testTopicBalanceAfterReassignment and friends)', () => {
  it('2 members on 2 topics of 12: a joiner takes 6 of each topic from the member that held all 24; then 4 members 3+3, then 2 again 6+6', () => {
    const alone: AssignInput = { members: [m('consumer1', BOTH)], partitionsPerTopic: TWELVE_EACH };
    const a1 = run(alone);
    expect([ofTopic(a1, 'consumer1', 'topic1'), ofTopic(a1, 'consumer1', 'topic2')]).toEqual([12, 12]);

    const two = next(alone, a1, 1, [], [m('consumer2', BOTH)]);
    const a2 = run(two);
    for (const id of ['consumer1', 'consumer2'])
      expect([ofTopic(a2, id, 'topic1'), ofTopic(a2, id, 'topic2')]).toEqual([6, 6]);

    const four = next(two, a2, 2, [], [m('consumer3', BOTH), m('consumer4', BOTH)]);
    const a3 = run(four);
    for (const id of ['consumer1', 'consumer2', 'consumer3', 'consumer4'])
      expect([ofTopic(a3, id, 'topic1'), ofTopic(a3, id, 'topic2')]).toEqual([3, 3]);

    const back = run(next(four, a3, 3, ['consumer1', 'consumer2']));
    for (const id of ['consumer3', 'consumer4'])
      expect([ofTopic(back, id, 'topic1'), ofTopic(back, id, 'topic2')]).toEqual([6, 6]);
  });

  it('cooperative-sticky: the same join settles in two rounds with 6 of each topic each, never moving a partition between owners in one round', () => {
    const alone: AssignInput = { members: [m('consumer1', BOTH)], partitionsPerTopic: TWELVE_EACH };
    const joined = next(alone, cooperativeSticky.assign(alone), 1, [], [m('consumer2', BOTH)]);
    const { rounds, result, input } = settleCooperative(joined, 1);
    expect(rounds).toBe(2);
    expectValid(input, result);
    for (const id of ['consumer1', 'consumer2'])
      expect([ofTopic(result, id, 'topic1'), ofTopic(result, id, 'topic2')]).toEqual([6, 6]);
    // consumer1 kept half of each topic; only the other half moved.
    expect(
      pairs(result, 'consumer1').every((p) =>
        (joined.members[0]!.ownedPartitions ?? []).some((o) => `${o.topic}:${o.partition}` === p),
      ),
    ).toBe(true);
  });

  it('a member joining a settled group takes only what per-topic balance requires', () => {
    const topics = ['a', 'b', 'c'];
    const input: AssignInput = {
      members: ['c1', 'c2', 'c3'].map((id) => m(id, topics)),
      partitionsPerTopic: { a: 7, b: 4, c: 10 },
    };
    const a1 = run(input);
    expect(run(next(input, a1, 1))).toEqual(a1);
    const a2 = run(next(input, a1, 1, [], [m('c4', topics)]));
    // 21 partitions over 4: 5 or 6 each; everyone else keeps all but what c4 needs.
    expect(total(a2, 'c4')).toBeGreaterThanOrEqual(5);
    const kept = ['c1', 'c2', 'c3'].reduce(
      (n, id) => n + pairs(a1, id).filter((p) => pairs(a2, id).includes(p)).length,
      0,
    );
    expect(kept).toBe(21 - total(a2, 'c4'));
  });

  it('a member leaving: the others keep everything and share out its partitions, still even per topic', () => {
    const topics = ['a', 'b'];
    const input: AssignInput = {
      members: ['c1', 'c2', 'c3', 'c4'].map((id) => m(id, topics)),
      partitionsPerTopic: { a: 12, b: 8 },
    };
    const a1 = run(input);
    const a2 = run(next(input, a1, 1, ['c2']));
    for (const id of ['c1', 'c3', 'c4'])
      expect(
        pairs(a1, id).every((p) => pairs(a2, id).includes(p)),
        id,
      ).toBe(true);
  });

  it('an owner of a whole topic (say, from an older assignor) gives up only the excess, and the topics end up spread', () => {
    const input: AssignInput = {
      members: [
        m('c1', BOTH, {
          ownedPartitions: Array.from({ length: 12 }, (_, p) => ({ topic: 'topic1', partition: p })),
          generation: 4,
        }),
        m('c2', BOTH, {
          ownedPartitions: Array.from({ length: 12 }, (_, p) => ({ topic: 'topic2', partition: p })),
          generation: 4,
        }),
      ],
      partitionsPerTopic: TWELVE_EACH,
    };
    const result = run(input);
    expect(result.c1!.topic1).toEqual([0, 1, 2, 3, 4, 5]);
    expect(result.c2!.topic2).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("unequal subscriptions (Kafka's general case): still valid and balanced; members sharing two topics share each", () => {
    const shared = ['t1', 't2'];
    const input: AssignInput = {
      members: [
        m('a', shared, {
          ownedPartitions: [...Array(12).keys()].flatMap((p) => [
            { topic: 't1', partition: p },
            { topic: 't2', partition: p },
          ]),
          generation: 2,
        }),
        m('b', shared),
        m('c', ['t3']),
      ],
      partitionsPerTopic: { t1: 12, t2: 12, t3: 5 },
    };
    const result = sticky.assign(input);
    expectValid(input, result);
    expectBalanced(input, result);
    for (const id of ['a', 'b']) expect([ofTopic(result, id, 't1'), ofTopic(result, id, 't2')]).toEqual([6, 6]);
  });

  it('a member id listed twice counts once: every partition is still assigned', () => {
    const input: AssignInput = { members: [m('a', BOTH), m('b', BOTH), m('a', BOTH)], partitionsPerTopic: TWELVE_EACH };
    const result = sticky.assign(input);
    expect(total(result, 'a') + total(result, 'b')).toBe(24);
    expect([ofTopic(result, 'a', 'topic1'), ofTopic(result, 'b', 'topic1')]).toEqual([6, 6]);
  });

  it('seeded groups of many topics and members, through joins and leaves: valid, even per member and per topic, sticky; cooperative settles in two rounds', () => {
    const random = seededRandom(20261127);
    for (let round = 0; round < 40; round++) {
      const topics = Array.from({ length: 1 + Math.floor(random() * 8) }, (_, i) => `topic-${i}`);
      const partitionsPerTopic = Object.fromEntries(topics.map((t) => [t, Math.floor(random() * 20)]));
      let input: AssignInput = {
        members: Array.from({ length: 1 + Math.floor(random() * 10) }, (_, i) => m(`member-${i}`, topics)),
        partitionsPerTopic,
      };
      let previous = run(input);
      for (let generation = 1; generation <= 4; generation++) {
        const leaving =
          input.members.length > 1 && random() < 0.5
            ? [input.members[Math.floor(random() * input.members.length)]!.memberId]
            : [];
        const joining =
          random() < 0.6
            ? Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) =>
                m(`joiner-${round}-${generation}-${i}`, topics),
              )
            : [];
        input = next(input, previous, generation, leaving, joining);
        const current = run(input);
        expect(run(next(input, current, generation + 1)), 'running again moves nothing').toEqual(current);
        const { rounds, result, input: last } = settleCooperative(input, generation);
        expect(rounds).toBeLessThanOrEqual(2);
        expectValid(last, result);
        expectEven(last, result);
        previous = current;
      }
    }
  });

  it('seeded groups with unequal subscriptions: valid, balanced, stable', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 40; round++) {
      const topics = Array.from({ length: 2 + Math.floor(random() * 6) }, (_, i) => `topic-${i}`);
      const partitionsPerTopic = Object.fromEntries(topics.map((t) => [t, Math.floor(random() * 15)]));
      const members = Array.from({ length: 2 + Math.floor(random() * 8) }, (_, i) =>
        m(`member-${i}`, topics.filter(() => random() < 0.6).concat(topics[0]!)),
      );
      let input: AssignInput = { members, partitionsPerTopic };
      let previous = sticky.assign(input);
      for (let generation = 1; generation <= 3; generation++) {
        const leaving =
          input.members.length > 1 && random() < 0.5
            ? [input.members[Math.floor(random() * input.members.length)]!.memberId]
            : [];
        const joining =
          random() < 0.5
            ? [m(`joiner-${round}-${generation}`, topics.filter(() => random() < 0.5).concat(topics[0]!))]
            : [];
        input = next(input, previous, generation, leaving, joining);
        const current = sticky.assign(input);
        expectValid(input, current);
        expectBalanced(input, current);
        expect(sticky.assign(next(input, current, generation + 1))).toEqual(current);
        previous = current;
      }
    }
  });
});
