import { describe, expect, it } from 'vitest';
import { parseResetSpec } from '../../../../cli/groups/reset-spec.js';

describe('parseResetSpec (groups reset-offsets scenarios)', () => {
  const now = Date.UTC(2024, 0, 2);

  it('maps each scenario option onto a spec; --by-duration counts back from now', () => {
    expect(parseResetSpec({ toEarliest: true })).toEqual({ to: 'earliest' });
    expect(parseResetSpec({ toLatest: true })).toEqual({ to: 'latest' });
    expect(parseResetSpec({ toOffset: 0 })).toEqual({ to: 'offset', offset: 0 });
    expect(parseResetSpec({ shiftBy: -3 })).toEqual({ to: 'shift', by: -3 });
    expect(parseResetSpec({ toDatetime: '2024-01-01T00:00:00Z' })).toEqual({
      to: 'datetime',
      timestamp: Date.UTC(2024, 0, 1),
    });
    expect(parseResetSpec({ byDuration: 'P1D' }, now)).toEqual({ to: 'datetime', timestamp: Date.UTC(2024, 0, 1) });
  });

  it('needs exactly one scenario', () => {
    expect(() => parseResetSpec({})).toThrow(/give one of --to-earliest/);
    expect(() => parseResetSpec({ toEarliest: true, shiftBy: 1 })).toThrow(
      /only one \(got --to-earliest, --shift-by\)/,
    );
  });
});
