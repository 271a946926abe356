import { describe, expect, it } from 'vitest';
import { configFromEnv, normalizeConfig } from '../../../server/config.js';

describe('broker config: request and resource bounds', () => {
  it('has bounded defaults', () => {
    expect(normalizeConfig()).toMatchObject({
      maxRequestElements: 200_000,
      maxBrokerPartitions: 100_000,
      groupMaxSize: 1000,
      maxBrokerGroups: 10_000,
      maxBrokerGroupMembers: 100_000,
    });
  });

  it.each(['maxRequestElements', 'maxBrokerPartitions', 'maxBrokerGroups', 'maxBrokerGroupMembers'])(
    'rejects %s below 1 naming the field',
    (field) => {
      expect(() => normalizeConfig({ [field]: 0 })).toThrow(new RegExp(`invalid broker config: ${field} `));
    },
  );

  it('maps the MINIBROKER_* variables', () => {
    expect(
      configFromEnv({
        MINIBROKER_MAX_REQUEST_ELEMENTS: '5000',
        MINIBROKER_MAX_BROKER_PARTITIONS: '64',
        MINIBROKER_MAX_BROKER_GROUPS: '7',
        MINIBROKER_MAX_BROKER_GROUP_MEMBERS: '70',
      }),
    ).toEqual({ maxRequestElements: 5000, maxBrokerPartitions: 64, maxBrokerGroups: 7, maxBrokerGroupMembers: 70 });
    expect(() => configFromEnv({ MINIBROKER_MAX_BROKER_GROUPS: 'lots' })).toThrow(
      /MINIBROKER_MAX_BROKER_GROUPS must be an integer/,
    );
  });
});
