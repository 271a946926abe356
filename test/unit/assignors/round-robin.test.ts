import { describe, expect, it } from 'vitest';
import { Assignors } from '../../../client-sdk/assignors/index.js';
import { roundRobin } from '../../../client-sdk/assignors/round-robin.js';
import { expectValid, seededRandom, total } from './helpers.js';

const m = (memberId: string, topics: string[], groupInstanceId?: string) => ({ memberId, topics, groupInstanceId });

describe('round-robin assignor (Kafka RoundRobinAssignorTest cases)', () => {
  it("is exported under Kafka's protocol name", () => {
    expect(Assignors.roundRobin.name).toBe('roundrobin');
  });

  it('one consumer, no topics / nonexistent topic', () => {
    expect(roundRobin.assign({ members: [m('c', [])], partitionsPerTopic: {} })).toEqual({ c: {} });
    expect(roundRobin.assign({ members: [m('c', ['topic'])], partitionsPerTopic: {} })).toEqual({ c: {} });
  });

  it('one consumer, multiple topics', () => {
    expect(
      roundRobin.assign({ members: [m('c', ['topic1', 'topic2'])], partitionsPerTopic: { topic1: 1, topic2: 2 } }),
    ).toEqual({ c: { topic1: [0], topic2: [0, 1] } });
  });

  it('two consumers, one partition', () => {
    expect(roundRobin.assign({ members: [m('c1', ['t']), m('c2', ['t'])], partitionsPerTopic: { t: 1 } })).toEqual({
      c1: { t: [0] },
      c2: {},
    });
  });

  it('multiple consumers, mixed topics', () => {
    const result = roundRobin.assign({
      members: [m('consumer1', ['topic1']), m('consumer2', ['topic1', 'topic2']), m('consumer3', ['topic1'])],
      partitionsPerTopic: { topic1: 3, topic2: 2 },
    });
    expect(result).toEqual({
      consumer1: { topic1: [0] },
      consumer2: { topic1: [1], topic2: [0, 1] },
      consumer3: { topic1: [2] },
    });
  });

  it('two consumers, two topics, six partitions', () => {
    const result = roundRobin.assign({
      members: [m('consumer1', ['topic1', 'topic2']), m('consumer2', ['topic1', 'topic2'])],
      partitionsPerTopic: { topic1: 3, topic2: 3 },
    });
    expect(result).toEqual({ consumer1: { topic1: [0, 2], topic2: [1] }, consumer2: { topic1: [1], topic2: [0, 2] } });
  });

  it('static members first by instance id, then dynamic by member id', () => {
    const result = roundRobin.assign({
      members: [m('consumer-b', ['t']), m('consumer-z', ['t'], 'instance-a'), m('consumer-a', ['t'])],
      partitionsPerTopic: { t: 5 },
    });
    expect(result).toEqual({ 'consumer-z': { t: [0, 3] }, 'consumer-a': { t: [1, 4] }, 'consumer-b': { t: [2] } });
  });

  it('keeps the static assignment when member ids change', () => {
    const before = roundRobin.assign({
      members: [m('m1', ['t', 'u'], 'i1'), m('m2', ['t', 'u'], 'i2')],
      partitionsPerTopic: { t: 3, u: 3 },
    });
    const after = roundRobin.assign({
      members: [m('zz', ['t', 'u'], 'i1'), m('aa', ['t', 'u'], 'i2')],
      partitionsPerTopic: { t: 3, u: 3 },
    });
    expect([after.zz, after.aa]).toEqual([before.m1, before.m2]);
  });

  it('handles __proto__ and constructor topics', () => {
    const result = roundRobin.assign({
      members: [m('a', ['constructor', '__proto__']), m('b', ['__proto__'])],
      partitionsPerTopic: new Map([
        ['__proto__', 2],
        ['constructor', 2],
      ]),
    });
    expect(result.a!['__proto__']).toEqual([0]);
    expect(result.b!['__proto__']).toEqual([1]);
    expect(result.a!['constructor']).toEqual([0, 1]);
  });

  it('is valid and even for equal subscriptions over random inputs', () => {
    const random = seededRandom(42);
    for (let round = 0; round < 50; round++) {
      const topics = Array.from({ length: 1 + Math.floor(random() * 5) }, (_, i) => `t${i}`);
      const partitionsPerTopic = Object.fromEntries(topics.map((t) => [t, Math.floor(random() * 10)]));
      const members = Array.from({ length: 1 + Math.floor(random() * 8) }, (_, i) => m(`m${i}`, topics));
      const input = { members, partitionsPerTopic };
      const result = roundRobin.assign(input);
      expectValid(input, result);
      const sizes = members.map((x) => total(result, x.memberId));
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });
});
