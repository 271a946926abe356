import { describe, expect, it } from 'vitest';
import { partitionLag, totalLag } from '../../../../protocol/offsets/index.js';

describe('partitionLag (kafka-consumer-groups: log end minus committed offset)', () => {
  it('is the log end minus the committed offset', () => {
    expect(partitionLag(4, 10)).toBe(6);
  });
  it('is unknown (null) when the group never committed, as kafka-consumer-groups shows "-"', () => {
    expect(partitionLag(null, 10)).toBeNull();
    expect(partitionLag(-1, 10)).toBeNull();
  });
  it('is not clamped at the log start: records deleted under the group count, as in Kafka', () => {
    // Log start 8, log end 10, committed 2: Kafka shows 8, not 2.
    expect(partitionLag(2, 10)).toBe(8);
  });
  it('is never negative (a commit past the log end)', () => {
    expect(partitionLag(5, 3)).toBe(0);
  });
});

describe('totalLag', () => {
  it('sums the known lags', () => {
    expect(totalLag([1, null, 4, 0])).toBe(5);
    expect(totalLag([])).toBe(0);
  });
});
