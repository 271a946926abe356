import { describe, expect, it } from 'vitest';
import { configFromEnv, DEFAULT_CONFIG, normalizeConfig } from '../../../server/config.js';

describe('normalizeConfig', () => {
  it('fills the documented defaults', () => {
    const config = normalizeConfig();
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 9092,
      dataDir: './data',
      memory: false,
      defaultPartitions: 1,
      maxBatchBytes: 1048588,
      retentionBytes: -1,
    });
    expect(config.retentionMs).toBe(7 * 24 * 3600 * 1000);
  });

  it('keeps given values and ignores undefined ones', () => {
    expect(normalizeConfig({ port: 0, defaultPartitions: 8, host: undefined }).port).toBe(0);
    expect(normalizeConfig({ host: undefined }).host).toBe('127.0.0.1');
  });

  it.each([
    [{ port: 70000 }, 'port'],
    [{ port: 1.5 }, 'port'],
    [{ port: Number.NaN }, 'port'],
    [{ defaultPartitions: 0 }, 'defaultPartitions'],
    [{ logLevel: 'loud' as never }, 'logLevel'],
    [{ retentionMs: -2 }, 'retentionMs'],
    [{ memory: 'yes' as never }, 'memory'],
    [{ host: '' }, 'host'],
    [{ maxInFlightPerConnection: 0 }, 'maxInFlightPerConnection'],
  ])('rejects %o naming the field', (partial, field) => {
    expect(() => normalizeConfig(partial)).toThrow(new RegExp(`invalid broker config: ${field} `));
  });

  it('rejects unknown options', () => {
    expect(() => normalizeConfig({ prot: 1 } as never)).toThrow(/unknown option "prot"/);
  });
});

describe('configFromEnv', () => {
  it('maps MINIBROKER_* variables onto the config', () => {
    expect(
      configFromEnv({
        MINIBROKER_PORT: '1234',
        MINIBROKER_HOST: '0.0.0.0',
        MINIBROKER_DATA_DIR: '/tmp/x',
        MINIBROKER_MEMORY: 'true',
        MINIBROKER_LOG_LEVEL: 'DEBUG',
        MINIBROKER_DEFAULT_PARTITIONS: '3',
        MINIBROKER_AUTO_CREATE_TOPICS: '0',
        UNRELATED: 'x',
      }),
    ).toEqual({
      port: 1234,
      host: '0.0.0.0',
      dataDir: '/tmp/x',
      memory: true,
      logLevel: 'debug',
      defaultPartitions: 3,
      autoCreateTopics: false,
    });
  });

  it('names the bad variable', () => {
    expect(() => configFromEnv({ MINIBROKER_PORT: 'nine' })).toThrow(/MINIBROKER_PORT must be an integer/);
    expect(() => configFromEnv({ MINIBROKER_MEMORY: 'maybe' })).toThrow(/MINIBROKER_MEMORY must be true or false/);
  });
});
