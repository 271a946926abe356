import { describe, expect, it } from 'vitest';
import { configFromEnv, normalizeConfig } from '../../../server/config.js';

describe('maxBatchBytes (Kafka message.max.bytes)', () => {
  it("defaults to Kafka's 1048588 and reads MINIBROKER_MAX_BATCH_BYTES", () => {
    expect(normalizeConfig().maxBatchBytes).toBe(1_048_588);
    expect(normalizeConfig(configFromEnv({ MINIBROKER_MAX_BATCH_BYTES: '65536' })).maxBatchBytes).toBe(65_536);
  });

  it('refuses values that cannot hold a batch header', () => {
    expect(() => configFromEnv({ MINIBROKER_MAX_BATCH_BYTES: 'big' })).toThrow(
      /MINIBROKER_MAX_BATCH_BYTES must be an integer/,
    );
    expect(() => normalizeConfig(configFromEnv({ MINIBROKER_MAX_BATCH_BYTES: '60' }))).toThrow(
      /maxBatchBytes must be an integer from 61/,
    );
  });
});
