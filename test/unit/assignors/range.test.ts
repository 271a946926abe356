import { describe, expect, it } from 'vitest';
import { range } from '../../../client-sdk/assignors/range.js';
import { Assignors } from '../../../client-sdk/assignors/index.js';

const m = (memberId: string, topics: string[], groupInstanceId?: string) => ({ memberId, topics, groupInstanceId });

describe('range assignor (Kafka RangeAssignorTest cases)', () => {
  it("is exported under Kafka's protocol name", () => {
    expect(Assignors.range.name).toBe('range');
  });

  it('one consumer, no topics', () => {
    expect(range.assign({ members: [m('c', [])], partitionsPerTopic: {} })).toEqual({ c: {} });
  });

  it('one consumer, nonexistent topic', () => {
    expect(range.assign({ members: [m('c', ['topic'])], partitionsPerTopic: {} })).toEqual({ c: {} });
  });

  it('one consumer, one topic', () => {
    expect(range.assign({ members: [m('c', ['topic'])], partitionsPerTopic: { topic: 3 } })).toEqual({
      c: { topic: [0, 1, 2] },
    });
  });

  it('assigns only subscribed topics', () => {
    expect(range.assign({ members: [m('c', ['topic'])], partitionsPerTopic: { topic: 3, other: 3 } })).toEqual({
      c: { topic: [0, 1, 2] },
    });
  });

  it('one consumer, multiple topics', () => {
    expect(
      range.assign({ members: [m('c', ['topic1', 'topic2'])], partitionsPerTopic: { topic1: 1, topic2: 2 } }),
    ).toEqual({ c: { topic1: [0], topic2: [0, 1] } });
  });

  it('two consumers, one partition: the second gets nothing but is present', () => {
    expect(range.assign({ members: [m('c1', ['t']), m('c2', ['t'])], partitionsPerTopic: { t: 1 } })).toEqual({
      c1: { t: [0] },
      c2: {},
    });
  });

  it('two consumers, two partitions', () => {
    expect(range.assign({ members: [m('c2', ['t']), m('c1', ['t'])], partitionsPerTopic: { t: 2 } })).toEqual({
      c1: { t: [0] },
      c2: { t: [1] },
    });
  });

  it('multiple consumers, mixed topics', () => {
    const result = range.assign({
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
    const result = range.assign({
      members: [m('consumer1', ['topic1', 'topic2']), m('consumer2', ['topic1', 'topic2'])],
      partitionsPerTopic: { topic1: 3, topic2: 3 },
    });
    expect(result).toEqual({ consumer1: { topic1: [0, 1], topic2: [0, 1] }, consumer2: { topic1: [2], topic2: [2] } });
  });

  it('extra partitions go to the first members: 10 partitions over 3', () => {
    const result = range.assign({
      members: [m('a', ['t']), m('b', ['t']), m('c', ['t'])],
      partitionsPerTopic: { t: 10 },
    });
    expect(result).toEqual({ a: { t: [0, 1, 2, 3] }, b: { t: [4, 5, 6] }, c: { t: [7, 8, 9] } });
  });

  it('orders static members by instance id, ahead of dynamic members', () => {
    const result = range.assign({
      members: [
        m('a-dynamic', ['t']),
        m('z-member', ['t'], 'instance-1'),
        m('b-member', ['t'], 'instance-2'),
        m('0-dynamic', ['t']),
      ],
      partitionsPerTopic: { t: 4 },
    });
    expect(result).toEqual({
      'z-member': { t: [0] },
      'b-member': { t: [1] },
      '0-dynamic': { t: [2] },
      'a-dynamic': { t: [3] },
    });
  });

  it('keeps a static assignment when member ids change (restart)', () => {
    const before = range.assign({
      members: [m('m1', ['t'], 'i1'), m('m2', ['t'], 'i2'), m('m3', ['t'], 'i3')],
      partitionsPerTopic: { t: 5 },
    });
    const after = range.assign({
      members: [m('x9', ['t'], 'i1'), m('a0', ['t'], 'i2'), m('k5', ['t'], 'i3')],
      partitionsPerTopic: { t: 5 },
    });
    expect([after.x9, after.a0, after.k5]).toEqual([before.m1, before.m2, before.m3]);
  });

  it('handles __proto__ and constructor as topic names', () => {
    const result = range.assign({
      members: [m('a', ['__proto__', 'constructor']), m('b', ['__proto__', 'constructor'])],
      partitionsPerTopic: JSON.parse('{"__proto__": 3, "constructor": 2}'),
    });
    expect(Object.keys(result.a!)).toEqual(['__proto__', 'constructor']);
    expect(result.a!['__proto__']).toEqual([0, 1]);
    expect(result.b!['__proto__']).toEqual([2]);
    expect(result.a!['constructor']).toEqual([0]);
    expect(result.b!['constructor']).toEqual([1]);
  });

  it('accepts partition counts as a Map', () => {
    expect(range.assign({ members: [m('a', ['t'])], partitionsPerTopic: new Map([['t', 2]]) })).toEqual({
      a: { t: [0, 1] },
    });
  });
});
