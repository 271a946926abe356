// The coordinator's hooks for minibroker/testing, on a manual clock: watchers are told of
// changes, expireMember takes the session-expiry path, forceRebalance starts a rebalance, reset
// forgets groups and offsets.
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../protocol/errors.js';
import { GROUP, joinParams, meta, setup, stableGroup, track } from './harness.js';

describe('coordinator test hooks', () => {
  it('watch() reports state changes, late syncs and commits of a group until unwatched', async () => {
    const t = setup();
    const seen: string[] = [];
    const unwatch = t.coordinator.watch((groupId) => seen.push(`${groupId}:${t.coordinator.groupState(groupId)}`));
    const { ids, generationId } = await stableGroup(t, [{}]);
    expect(seen).toEqual([`${GROUP}:PreparingRebalance`, `${GROUP}:CompletingRebalance`, `${GROUP}:Stable`]);
    t.coordinator.commitOffsets({
      groupId: GROUP,
      generationId,
      memberId: ids[0]!,
      topics: [{ name: 't', partitions: [{ partition: 0, offset: 1 }] }],
    });
    expect(seen).toHaveLength(4);
    unwatch();
    t.coordinator.testHooks.forceRebalance(GROUP);
    expect(seen).toHaveLength(4);
  });

  it('pendingSyncCount counts members of the generation that have not synced', async () => {
    const t = setup();
    const { ids } = await stableGroup(t, [{ clientId: 'a' }, { clientId: 'b' }]);
    expect(ids).toHaveLength(2);
    expect(t.coordinator.pendingSyncCount(GROUP)).toBe(0);
    expect(t.coordinator.pendingSyncCount('unknown')).toBe(0);
  });

  it('expireMember removes the member as its session expiry would and rebalances the rest', async () => {
    const t = setup();
    const { ids, generationId } = await stableGroup(t, [{ clientId: 'a' }, { clientId: 'b' }]);
    expect(t.coordinator.testHooks.expireMember(GROUP, ids[1]!)).toBe(true);
    expect(t.coordinator.heartbeat({ groupId: GROUP, generationId, memberId: ids[1]! }).errorCode).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
    expect(t.coordinator.heartbeat({ groupId: GROUP, generationId, memberId: ids[0]! }).errorCode).toBe(
      ErrorCode.REBALANCE_IN_PROGRESS,
    );
    expect(t.coordinator.testHooks.expireMember(GROUP, 'nobody')).toBe(false);
    expect(t.coordinator.testHooks.expireMember('no-group', ids[0]!)).toBe(false);
  });

  it('forceRebalance moves a group with members to PreparingRebalance, and refuses an empty one', async () => {
    const t = setup();
    expect(t.coordinator.testHooks.forceRebalance(GROUP)).toBe(false);
    const { ids, generationId } = await stableGroup(t, [{}]);
    expect(t.coordinator.testHooks.forceRebalance(GROUP)).toBe(true);
    expect(t.coordinator.heartbeat({ groupId: GROUP, generationId, memberId: ids[0]! }).errorCode).toBe(
      ErrorCode.REBALANCE_IN_PROGRESS,
    );
    const rejoined = await t.coordinator.join(joinParams({ memberId: ids[0]! }));
    expect(rejoined.generationId).toBe(generationId + 1);
  });

  it('reset forgets every group and its offsets; parked joins get UNKNOWN_MEMBER_ID', async () => {
    const t = setup();
    const { ids, generationId } = await stableGroup(t, [{ clientId: 'a' }, { clientId: 'b' }]);
    t.coordinator.commitOffsets({
      groupId: GROUP,
      generationId,
      memberId: ids[0]!,
      topics: [{ name: 't', partitions: [{ partition: 0, offset: 5 }] }],
    });
    t.coordinator.commitOffsets({
      groupId: 'simple',
      generationId: -1,
      memberId: '',
      topics: [{ name: 't', partitions: [{ partition: 0, offset: 1 }] }],
    });
    // A rejoins with a new subscription and parks, waiting for B.
    const parked = track(
      t.coordinator.join(joinParams({ memberId: ids[0]!, protocols: [{ name: 'range', metadata: meta('changed') }] })),
    );
    expect(parked.done).toBe(false);
    t.coordinator.testHooks.reset();
    await parked.promise;
    expect(parked.value!.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(t.coordinator.listGroups()).toEqual([]);
    expect(t.store.groups()).toEqual([]);
    expect(t.coordinator.heartbeat({ groupId: GROUP, generationId, memberId: ids[0]! }).errorCode).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
  });
});
