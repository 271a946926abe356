import { describe, expect, it } from 'vitest';
import { InvalidOffsetInput, parseDuration } from '../../../../protocol/offsets/index.js';

describe('parseDuration (--by-duration and the admin API)', () => {
  it('reads ISO-8601 PnDTnHnMnS, each part optional, any case', () => {
    expect(parseDuration('PT15M')).toBe(15 * 60_000);
    expect(parseDuration('P1DT2H3M4S')).toBe(((24 + 2) * 60 + 3) * 60_000 + 4000);
    expect(parseDuration('P2D')).toBe(2 * 86_400_000);
    expect(parseDuration('P7D')).toBe(7 * 86_400_000);
    expect(parseDuration('PT0.5S')).toBe(500);
    expect(parseDuration('PT1.5S')).toBe(1500);
    expect(parseDuration('pt1h')).toBe(3_600_000);
    expect(parseDuration('PT0H5M0S')).toBe(300_000);
  });

  it('refuses weeks, as Java Duration.parse behind kafka-consumer-groups does', () => {
    expect(() => parseDuration('P1W')).toThrow(/no weeks: P7D/);
  });

  it('refuses anything else with InvalidOffsetInput, naming the format', () => {
    for (const bad of ['', 'P', 'PT', 'P1DT', '15m', 'PT-5M', 'PT1H30', '1D', 'P1.5D', 'an hour']) {
      expect(() => parseDuration(bad), bad).toThrow(InvalidOffsetInput);
      expect(() => parseDuration(bad), bad).toThrow(/expected ISO-8601 PnDTnHnMnS/);
    }
  });
});
