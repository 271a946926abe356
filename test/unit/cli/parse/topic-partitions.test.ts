import { describe, expect, it } from 'vitest';
import { parseTopicSelection } from '../../../../cli/parse/topic-partitions.js';

describe('parseTopicSelection (--topic TOPIC[:PARTITIONS])', () => {
  it('reads a topic, optionally with partitions (sorted, without repeats)', () => {
    expect(parseTopicSelection('orders')).toEqual({ topic: 'orders' });
    expect(parseTopicSelection('orders:2,0,2')).toEqual({ topic: 'orders', partitions: [0, 2] });
  });

  it('refuses empty topics and non-numeric partitions', () => {
    for (const bad of [':1', 'orders:', 'orders:a', 'orders:1,,2', 'orders:-1'])
      expect(() => parseTopicSelection(bad), bad).toThrow(/invalid topic/);
  });
});
