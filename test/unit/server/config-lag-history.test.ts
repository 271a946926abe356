import { describe, expect, it } from 'vitest';
import { configFromEnv, normalizeConfig } from '../../../server/config.js';

describe('lag history settings', () => {
  it('default to a sample every 5 s, 120 kept (10 minutes)', () => {
    const config = normalizeConfig();
    expect([config.lagHistoryIntervalMs, config.lagHistorySamples]).toEqual([5000, 120]);
  });
  it('refuse intervals below 10 ms and rings outside 1..100000, naming the field', () => {
    expect(() => normalizeConfig({ lagHistoryIntervalMs: 5 })).toThrow(/lagHistoryIntervalMs/);
    expect(() => normalizeConfig({ lagHistorySamples: 0 })).toThrow(/lagHistorySamples/);
    expect(() => normalizeConfig({ lagHistorySamples: 100_001 })).toThrow(/lagHistorySamples/);
    expect(() => normalizeConfig({ lagHistorySamples: 1.5 })).toThrow(/lagHistorySamples/);
  });
  it('read MINIBROKER_LAG_HISTORY_INTERVAL_MS and MINIBROKER_LAG_HISTORY_SAMPLES', () => {
    expect(
      configFromEnv({ MINIBROKER_LAG_HISTORY_INTERVAL_MS: '1000', MINIBROKER_LAG_HISTORY_SAMPLES: '600' }),
    ).toEqual({ lagHistoryIntervalMs: 1000, lagHistorySamples: 600 });
    expect(() => configFromEnv({ MINIBROKER_LAG_HISTORY_SAMPLES: 'many' })).toThrow(/MINIBROKER_LAG_HISTORY_SAMPLES/);
  });
});
