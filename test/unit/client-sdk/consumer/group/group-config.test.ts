import { describe, expect, it } from 'vitest';
import { range } from '../../../../../client-sdk/assignors/range.js';
import { roundRobin } from '../../../../../client-sdk/assignors/round-robin.js';
import { resolveGroupConfig } from '../../../../../client-sdk/consumer/group/group-config.js';
import { DEFAULT_RETRY } from '../../../../../client-sdk/network/retry.js';

describe('resolveGroupConfig', () => {
  it('has no group without a groupId', () => {
    expect(resolveGroupConfig({}, DEFAULT_RETRY)).toBeUndefined();
  });

  it("fills Kafka's defaults; the rebalance timeout follows maxPollInterval", () => {
    expect(resolveGroupConfig({ groupId: 'g' }, DEFAULT_RETRY)).toMatchObject({
      sessionTimeout: 10_000,
      heartbeatInterval: 3000,
      maxPollInterval: 300_000,
      rebalanceTimeout: 300_000,
      metadataMaxAge: 300_000,
      assignors: [range],
    });
    expect(resolveGroupConfig({ groupId: 'g', maxPollInterval: 1000 }, DEFAULT_RETRY)!.rebalanceTimeout).toBe(1000);
    // A short session gets a heartbeat that fits in it.
    expect(resolveGroupConfig({ groupId: 'g', sessionTimeout: 300 }, DEFAULT_RETRY)!.heartbeatInterval).toBe(100);
  });

  it('refuses bad settings with clear messages', () => {
    const bad = (options: Parameters<typeof resolveGroupConfig>[0]) => () => resolveGroupConfig(options, DEFAULT_RETRY);
    expect(bad({ groupId: '' })).toThrow(/groupId/);
    expect(bad({ groupId: 'g', groupInstanceId: '' })).toThrow(/groupInstanceId/);
    expect(bad({ groupId: 'g', sessionTimeout: -1 })).toThrow(/sessionTimeout/);
    expect(bad({ groupId: 'g', sessionTimeout: 100, heartbeatInterval: 100 })).toThrow(/heartbeatInterval/);
    expect(bad({ groupId: 'g', partitionAssigners: [] })).toThrow(/partitionAssigners/);
    expect(bad({ groupId: 'g', partitionAssigners: [range, { ...roundRobin, name: 'range' }] })).toThrow(/same name/);
  });
});
