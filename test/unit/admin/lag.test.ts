import { describe, expect, it } from 'vitest';
import { partitionLag, totalLag } from '../../../server/admin/lag.js';

describe('partitionLag', () => {
  it('is the log end minus the committed offset', () => {
    expect(partitionLag({ logStartOffset: 0, logEndOffset: 10, committedOffset: 4 })).toBe(6);
  });
  it('is unknown (null) when the group never committed, as kafka-consumer-groups shows "-"', () => {
    expect(partitionLag({ logStartOffset: 0, logEndOffset: 10, committedOffset: null })).toBeNull();
  });
  it('counts from the log start when the committed offset fell below it (records deleted)', () => {
    expect(partitionLag({ logStartOffset: 8, logEndOffset: 10, committedOffset: 2 })).toBe(2);
  });
  it('is never negative', () => {
    expect(partitionLag({ logStartOffset: 0, logEndOffset: 3, committedOffset: 5 })).toBe(0);
  });
});

describe('totalLag', () => {
  it('sums the known lags', () => {
    expect(totalLag([1, null, 4, 0])).toBe(5);
    expect(totalLag([])).toBe(0);
  });
});
