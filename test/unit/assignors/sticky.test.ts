import { describe, expect, it } from 'vitest';
import { Assignors } from '../../../client-sdk/assignors/index.js';
import { sticky } from '../../../client-sdk/assignors/sticky.js';
import type { AssignInput, AssignorMember, GroupAssignment } from '../../../client-sdk/assignors/types.js';
import { expectBalanced, expectValid, owned, pairs, seededRandom, total } from './helpers.js';

const m = (memberId: string, topics: string[], extra: Partial<AssignorMember> = {}): AssignorMember => ({
  memberId,
  topics,
  ...extra,
});
const tp = (topic: string, partition: number) => ({ topic, partition });

function run(input: AssignInput): GroupAssignment {
  const result = sticky.assign(input);
  expectValid(input, result);
  expectBalanced(input, result);
  return result;
}

/** The next round: same members (minus `leaving`, plus `joining`), each owning what it got. */
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

/** Partitions a member kept from the previous round. */
function kept(previous: GroupAssignment, current: GroupAssignment, memberId: string): number {
  const now = new Set(pairs(current, memberId));
  return pairs(previous, memberId).filter((p) => now.has(p)).length;
}

describe('sticky assignor (Kafka AbstractStickyAssignorTest shapes)', () => {
  it("is exported under Kafka's protocol name and declares eager", () => {
    expect(Assignors.sticky.name).toBe('sticky');
    expect(Assignors.sticky.supportedProtocols).toEqual(['eager']);
  });

  it('one consumer: no topic, nonexistent topic, one topic, only subscribed topics', () => {
    expect(run({ members: [m('c', [])], partitionsPerTopic: {} })).toEqual({ c: {} });
    expect(run({ members: [m('c', ['t'])], partitionsPerTopic: {} })).toEqual({ c: {} });
    expect(run({ members: [m('c', ['t'])], partitionsPerTopic: { t: 3 } })).toEqual({ c: { t: [0, 1, 2] } });
    expect(run({ members: [m('c', ['t'])], partitionsPerTopic: { t: 3, other: 2 } })).toEqual({ c: { t: [0, 1, 2] } });
  });

  it('two consumers, one partition / two partitions', () => {
    const one = run({ members: [m('c1', ['t']), m('c2', ['t'])], partitionsPerTopic: { t: 1 } });
    expect(total(one, 'c1') + total(one, 'c2')).toBe(1);
    const two = run({ members: [m('c1', ['t']), m('c2', ['t'])], partitionsPerTopic: { t: 2 } });
    expect([total(two, 'c1'), total(two, 'c2')]).toEqual([1, 1]);
  });

  it('multiple consumers with mixed subscriptions are balanced', () => {
    run({ members: [m('c1', ['t1']), m('c2', ['t1', 't2']), m('c3', ['t1'])], partitionsPerTopic: { t1: 3, t2: 2 } });
  });

  it('two consumers, two topics, six partitions: 3 each', () => {
    const result = run({
      members: [m('c1', ['t1', 't2']), m('c2', ['t1', 't2'])],
      partitionsPerTopic: { t1: 3, t2: 3 },
    });
    expect([total(result, 'c1'), total(result, 'c2')]).toEqual([3, 3]);
  });

  it('add then remove a consumer on one topic keeps what stays balanced', () => {
    const first: AssignInput = { members: [m('c1', ['t'])], partitionsPerTopic: { t: 3 } };
    const a1 = run(first);
    expect(a1.c1).toEqual({ t: [0, 1, 2] });
    const second = next(first, a1, 1, [], [m('c2', ['t'])]);
    const a2 = run(second);
    expect(total(a2, 'c1')).toBe(2);
    expect(total(a2, 'c2')).toBe(1);
    expect(kept(a1, a2, 'c1')).toBe(2);
    const third = next(second, a2, 2, ['c1']);
    const a3 = run(third);
    expect(a3.c2).toEqual({ t: [0, 1, 2] });
  });

  it('the "poor round robin" case: unequal subscriptions still balanced', () => {
    run({
      members: [
        m('c1', ['t1', 't2', 't3', 't4', 't5']),
        m('c2', ['t1', 't3', 't5']),
        m('c3', ['t1', 't3', 't5']),
        m('c4', ['t1', 't2', 't3', 't4', 't5']),
      ],
      partitionsPerTopic: { t1: 2, t2: 1, t3: 2, t4: 1, t5: 2 },
    });
  });

  it('a consumer that could take more via a chain gets it (augmenting path)', () => {
    // c1 holds 3 of t1; c3 (t2 only) has 1; c2 (t1+t2) sits between: only a chain move balances it.
    const input: AssignInput = {
      members: [
        m('c1', ['t1'], { ownedPartitions: [tp('t1', 0), tp('t1', 1), tp('t1', 2)], generation: 1 }),
        m('c2', ['t1', 't2'], { ownedPartitions: [tp('t2', 0), tp('t2', 1)], generation: 1 }),
        m('c3', ['t2'], { ownedPartitions: [tp('t2', 2)], generation: 1 }),
      ],
      partitionsPerTopic: { t1: 3, t2: 3 },
    };
    const result = run(input);
    expect([total(result, 'c1'), total(result, 'c2'), total(result, 'c3')]).toEqual([2, 2, 2]);
  });

  it('re-running with what members own changes nothing (stable)', () => {
    const input: AssignInput = {
      members: ['a', 'b', 'c'].map((id) => m(id, ['t1', 't2'])),
      partitionsPerTopic: { t1: 7, t2: 5 },
    };
    const a1 = run(input);
    expect(run(next(input, a1, 1))).toEqual(a1);
  });

  it('when a consumer leaves, the others keep everything they had', () => {
    const input: AssignInput = {
      members: Array.from({ length: 5 }, (_, i) => m(`c${i}`, ['t'])),
      partitionsPerTopic: { t: 23 },
    };
    const a1 = run(input);
    const a2 = run(next(input, a1, 1, ['c2']));
    for (const id of ['c0', 'c1', 'c3', 'c4']) expect(kept(a1, a2, id)).toBe(total(a1, id));
  });

  it('a joining consumer takes only what balance requires', () => {
    const input: AssignInput = {
      members: Array.from({ length: 3 }, (_, i) => m(`c${i}`, ['t'])),
      partitionsPerTopic: { t: 12 },
    };
    const a1 = run(input);
    const a2 = run(next(input, a1, 1, [], [m('c3', ['t'])]));
    expect(total(a2, 'c3')).toBe(3);
    for (const id of ['c0', 'c1', 'c2']) expect(kept(a1, a2, id)).toBe(3);
  });

  it('drops owned partitions of deleted topics and unsubscribed topics', () => {
    const result = run({
      members: [
        m('c1', ['t1'], { ownedPartitions: [tp('t1', 0), tp('gone', 0), tp('t2', 0), tp('t1', 9)], generation: 1 }),
        m('c2', ['t1', 't2']),
      ],
      partitionsPerTopic: { t1: 2, t2: 1 },
    });
    expect(result.c1!.t1).toContain(0);
  });

  it('two claims on one partition: the higher generation wins', () => {
    const result = run({
      members: [
        m('c1', ['t'], { ownedPartitions: [tp('t', 0), tp('t', 1)], generation: 2 }),
        m('c2', ['t'], { ownedPartitions: [tp('t', 0), tp('t', 2)], generation: 1 }),
        m('c3', ['t'], { ownedPartitions: [tp('t', 1)], generation: 1 }),
      ],
      partitionsPerTopic: { t: 6 },
    });
    expect(result.c1!.t).toEqual([0, 1]);
    expect(result.c2!.t).toContain(2);
  });

  it('two claims in the same generation are both dropped and the partition is assigned once', () => {
    const result = run({
      members: [
        m('c1', ['t'], { ownedPartitions: [tp('t', 0), tp('t', 1)], generation: 3 }),
        m('c2', ['t'], { ownedPartitions: [tp('t', 0), tp('t', 2)], generation: 3 }),
      ],
      partitionsPerTopic: { t: 4 },
    });
    expect(result.c1!.t).toContain(1);
    expect(result.c2!.t).toContain(2);
  });

  it('handles __proto__ and constructor topics', () => {
    const partitionsPerTopic = JSON.parse('{"__proto__": 4, "constructor": 3, "toString": 1}');
    const input = {
      members: [m('a', ['__proto__', 'constructor', 'toString']), m('b', ['__proto__', 'constructor'])],
      partitionsPerTopic,
    };
    const result = run(input);
    expect(total(result, 'a') + total(result, 'b')).toBe(8);
    const again = run(next(input, result, 1));
    expect(again).toEqual(result);
  });

  it('random subscriptions: valid, balanced; equal subscriptions: counts differ by at most one', () => {
    const random = seededRandom(20240611);
    for (let round = 0; round < 60; round++) {
      const topicCount = 1 + Math.floor(random() * 6);
      const topics = Array.from({ length: topicCount }, (_, i) => `topic-${i}`);
      const partitionsPerTopic = Object.fromEntries(topics.map((t) => [t, Math.floor(random() * 12)]));
      const equal = random() < 0.4;
      const members = Array.from({ length: 1 + Math.floor(random() * 9) }, (_, i) => {
        const subscribed = equal ? topics : topics.filter(() => random() < 0.6);
        return m(`member-${i}`, subscribed.length > 0 ? subscribed : [topics[0]!]);
      });
      let input: AssignInput = { members, partitionsPerTopic };
      let previous = run(input);
      if (equal) {
        const sizes = members.map((x) => total(previous, x.memberId));
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
      // A few rounds of churn: stickiness means re-running with no change moves nothing.
      for (let generation = 1; generation <= 3; generation++) {
        const leaving =
          input.members.length > 1 && random() < 0.5
            ? [input.members[Math.floor(random() * input.members.length)]!.memberId]
            : [];
        const joining =
          random() < 0.5
            ? [m(`joiner-${round}-${generation}`, topics.filter(() => random() < 0.7).concat(topics[0]!))]
            : [];
        input = next(input, previous, generation, leaving, joining);
        const current = run(input);
        expect(run(next(input, current, generation + 1))).toEqual(current);
        previous = current;
      }
    }
  });

  it('handles a large group (timings: scripts/bench/assignors.ts)', () => {
    const topics = Array.from({ length: 20 }, (_, i) => `t${i}`);
    const input: AssignInput = {
      members: Array.from({ length: 50 }, (_, i) => m(`c${i}`, topics)),
      partitionsPerTopic: Object.fromEntries(topics.map((t) => [t, 50])),
    };
    const a1 = run(input);
    const a2 = run(next(input, a1, 1, ['c7', 'c21'], [m('new', topics)]));
    expect(total(a2, 'new')).toBeGreaterThanOrEqual(20);
  });
});
