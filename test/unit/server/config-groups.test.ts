import { describe, expect, it } from 'vitest';
import { configFromEnv, normalizeConfig } from '../../../server/config.js';
import { groupConfigOf } from '../../../server/group-coordinators.js';
import { DEFAULT_GROUP_CONFIG } from '../../../server/groups/group-config.js';

describe('broker config: consumer groups', () => {
  it('defaults to a dev broker: no initial delay, short minimum session, bounded groups', () => {
    expect(normalizeConfig()).toMatchObject({
      groupInitialRebalanceDelayMs: 0,
      groupMinSessionTimeoutMs: 100,
      groupMaxSessionTimeoutMs: 1_800_000,
      groupMaxSize: 1000,
      maxBrokerGroups: 10_000,
      maxBrokerGroupMembers: 100_000,
      offsetsRetentionMs: 7 * 24 * 3600 * 1000,
      offsetsRetentionCheckIntervalMs: 600_000,
      coordinatorShards: 50,
      offsetMetadataMaxBytes: 4096,
    });
  });

  it('maps onto the coordinator settings, which agree on every default', () => {
    const mapped = groupConfigOf(normalizeConfig());
    expect(mapped).toEqual(
      Object.fromEntries(
        Object.keys(mapped).map((k) => [k, DEFAULT_GROUP_CONFIG[k as keyof typeof DEFAULT_GROUP_CONFIG]]),
      ),
    );
    expect(groupConfigOf(normalizeConfig({ groupMaxSize: 3 })).groupMaxSize).toBe(3);
  });

  it.each([
    [{ groupInitialRebalanceDelayMs: -1 }, 'groupInitialRebalanceDelayMs'],
    [{ groupMinSessionTimeoutMs: 0 }, 'groupMinSessionTimeoutMs'],
    [{ groupMaxSessionTimeoutMs: 2 ** 31 }, 'groupMaxSessionTimeoutMs'],
    [{ groupMaxSize: 0 }, 'groupMaxSize'],
    [{ offsetsRetentionMs: 0 }, 'offsetsRetentionMs'],
    [{ offsetsRetentionCheckIntervalMs: 2 ** 31 }, 'offsetsRetentionCheckIntervalMs'],
    [{ coordinatorShards: 0 }, 'coordinatorShards'],
    [{ offsetMetadataMaxBytes: -1 }, 'offsetMetadataMaxBytes'],
  ])('rejects %o naming the field', (partial, field) => {
    expect(() => normalizeConfig(partial)).toThrow(new RegExp(`invalid broker config: ${field} `));
  });

  it('rejects a minimum session timeout above the maximum', () => {
    expect(() => normalizeConfig({ groupMinSessionTimeoutMs: 5000, groupMaxSessionTimeoutMs: 4000 })).toThrow(
      /groupMinSessionTimeoutMs \(5000\) must not exceed groupMaxSessionTimeoutMs \(4000\)/,
    );
  });

  it('reads the MINIBROKER_* group variables', () => {
    expect(
      configFromEnv({
        MINIBROKER_GROUP_INITIAL_REBALANCE_DELAY_MS: '3000',
        MINIBROKER_GROUP_MIN_SESSION_TIMEOUT_MS: '6000',
        MINIBROKER_GROUP_MAX_SESSION_TIMEOUT_MS: '300000',
        MINIBROKER_GROUP_MAX_SIZE: '10',
        MINIBROKER_OFFSETS_RETENTION_MS: '60000',
        MINIBROKER_OFFSETS_RETENTION_CHECK_INTERVAL_MS: '1000',
        MINIBROKER_COORDINATOR_SHARDS: '4',
        MINIBROKER_OFFSET_METADATA_MAX_BYTES: '100',
      }),
    ).toEqual({
      groupInitialRebalanceDelayMs: 3000,
      groupMinSessionTimeoutMs: 6000,
      groupMaxSessionTimeoutMs: 300_000,
      groupMaxSize: 10,
      offsetsRetentionMs: 60_000,
      offsetsRetentionCheckIntervalMs: 1000,
      coordinatorShards: 4,
      offsetMetadataMaxBytes: 100,
    });
    expect(() => configFromEnv({ MINIBROKER_GROUP_MAX_SIZE: 'many' })).toThrow(
      /MINIBROKER_GROUP_MAX_SIZE must be an integer/,
    );
  });
});
