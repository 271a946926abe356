import { describe, expect, it } from 'vitest';
import { LagHistory, SampleRing } from '../../../server/admin/lag-history.js';

describe('SampleRing', () => {
  it('keeps the last `capacity` samples, oldest first', () => {
    const ring = new SampleRing(3);
    expect(ring.samples()).toEqual([]);
    for (let i = 1; i <= 5; i++) ring.push({ at: i, lag: i * 10 });
    expect(ring.samples()).toEqual([
      { at: 3, lag: 30 },
      { at: 4, lag: 40 },
      { at: 5, lag: 50 },
    ]);
  });

  it('refuses a capacity below one', () => {
    expect(() => new SampleRing(0)).toThrow(RangeError);
  });
});

describe('LagHistory', () => {
  it('samples each group into its own ring and forgets groups that are gone', () => {
    const history = new LagHistory(2);
    history.record(
      new Map([
        ['a', 5],
        ['b', 1],
      ]),
      100,
    );
    history.record(
      new Map([
        ['a', 3],
        ['b', 0],
      ]),
      200,
    );
    history.record(new Map([['a', 0]]), 300);
    expect(history.samples('a')).toEqual([
      { at: 200, lag: 3 },
      { at: 300, lag: 0 },
    ]);
    expect(history.samples('b')).toEqual([]);
    expect(history.samples('never')).toEqual([]);
  });
});
