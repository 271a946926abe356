import { describe, expect, it } from 'vitest';
import { configFromEnv, normalizeConfig } from '../../../server/config.js';

describe('walMaxBytes', () => {
  it('defaults to 512 MiB and takes at least 1 MiB', () => {
    expect(normalizeConfig().walMaxBytes).toBe(512 * 1024 * 1024);
    expect(normalizeConfig({ walMaxBytes: 1024 * 1024 }).walMaxBytes).toBe(1024 * 1024);
    expect(() => normalizeConfig({ walMaxBytes: 4096 })).toThrow(/walMaxBytes must be an integer from 1048576/);
  });
  it('reads MINIBROKER_WAL_MAX_BYTES', () => {
    expect(configFromEnv({ MINIBROKER_WAL_MAX_BYTES: '8388608' })).toEqual({ walMaxBytes: 8388608 });
    expect(() => configFromEnv({ MINIBROKER_WAL_MAX_BYTES: 'big' })).toThrow(
      /MINIBROKER_WAL_MAX_BYTES must be an integer/,
    );
  });
});
