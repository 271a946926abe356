import { describe, expect, it } from 'vitest';
import { InvalidOffsetInput, parseDatetime } from '../../../../protocol/offsets/index.js';

describe('parseDatetime (--to-datetime and the admin API)', () => {
  it('reads UTC and offset times to the millisecond', () => {
    expect(parseDatetime('2024-03-01T12:30:00Z')).toBe(Date.UTC(2024, 2, 1, 12, 30));
    expect(parseDatetime('2024-03-01T12:30:00.250Z')).toBe(Date.UTC(2024, 2, 1, 12, 30, 0, 250));
    expect(parseDatetime('2024-03-01T14:30:00+02:00')).toBe(Date.UTC(2024, 2, 1, 12, 30));
    expect(parseDatetime('2024-03-01T07:30-0500')).toBe(Date.UTC(2024, 2, 1, 12, 30));
  });

  it('takes a time without a zone as local time, as kafka-consumer-groups does', () => {
    expect(parseDatetime('2024-03-01T12:30:00')).toBe(new Date(2024, 2, 1, 12, 30).getTime());
  });

  it('refuses other shapes and impossible dates', () => {
    for (const bad of ['2024-03-01', '2024-03-01 12:30:00', 'yesterday', '2024-13-01T00:00:00Z', '1700000000000']) {
      expect(() => parseDatetime(bad), bad).toThrow(InvalidOffsetInput);
      expect(() => parseDatetime(bad), bad).toThrow(/expected YYYY-MM-DDTHH:mm:SS.sss/);
    }
  });
});
