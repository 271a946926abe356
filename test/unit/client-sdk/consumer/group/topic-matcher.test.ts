import { describe, expect, it } from 'vitest';
import { TopicMatcher, metadataChange } from '../../../../../client-sdk/consumer/group/topic-matcher.js';

const topics = (...names: string[]) => names.map((name) => ({ name }));

describe('TopicMatcher', () => {
  it('resolves literal names always and patterns against existing non-internal topics', () => {
    const matcher = new TopicMatcher(['orders', /^audit-/]);
    expect(matcher.hasPatterns).toBe(true);
    expect(
      matcher.resolve([...topics('audit-a', 'audit-b', 'other'), { name: 'audit-internal', isInternal: true }]),
    ).toEqual(['audit-a', 'audit-b', 'orders']);
    expect(new TopicMatcher(['b', 'a', 'b']).literalTopics()).toEqual(['a', 'b']);
  });

  it('matches the same way every time, even with a /g pattern (no lastIndex carried over)', () => {
    const matcher = new TopicMatcher([/x/g]);
    expect([1, 2, 3].map(() => matcher.matches('x'))).toEqual([true, true, true]);
  });

  it('treats topic names as data', () => {
    expect(new TopicMatcher(['__proto__', 'constructor']).resolve(topics('toString'))).toEqual([
      '__proto__',
      'constructor',
    ]);
  });
});

describe('metadataChange', () => {
  const counts = (entries: [string, number][]) => new Map(entries);

  it('asks for a rejoin when the resolved subscription changes', () => {
    expect(metadataChange({ joinedTopics: ['a'] }, ['a', 'b'], counts([]))).toBe('subscription changed');
    expect(metadataChange({ joinedTopics: ['a', 'b'] }, ['a'], counts([]))).toBe('subscription changed');
    expect(metadataChange({ joinedTopics: ['a', 'b'] }, ['b', 'a'], counts([]))).toBeUndefined();
  });

  it('on the leader, asks for a rejoin when a group topic changes its partition count or appears', () => {
    const snapshot = {
      joinedTopics: ['a'],
      assignedCounts: counts([
        ['a', 2],
        ['b', 0],
      ]),
    };
    expect(metadataChange(snapshot, ['a'], counts([['a', 2]]))).toBeUndefined();
    expect(metadataChange(snapshot, ['a'], counts([['a', 4]]))).toBe('partitions of "a" changed from 2 to 4');
    expect(
      metadataChange(
        snapshot,
        ['a'],
        counts([
          ['a', 2],
          ['b', 3],
        ]),
      ),
    ).toBe('partitions of "b" changed from 0 to 3');
    // Followers do not watch partition counts (Kafka: the leader does).
    expect(metadataChange({ joinedTopics: ['a'] }, ['a'], counts([['a', 4]]))).toBeUndefined();
  });
});
